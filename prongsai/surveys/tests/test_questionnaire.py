"""The public questionnaires: counted once, closed outside the window, missing answers shown,
nothing identifying stored, IIT eligibility."""
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import Sum
from django.test import override_settings
from django.utils import timezone

from prongsai.surveys.intake import link_for
from prongsai.surveys.models import OptionCount, RespondentTally, Response, UsedSubmissionToken

from .conftest import full_answers

pytestmark = pytest.mark.django_db


def _token(page: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def _get(client, link, **params):
    return client.get(f"/s/{link.code}/", params)


def test_eit_page_is_public_thai_by_default_with_four_languages(client, open_round):
    link = link_for(open_round, "EIT")
    page = _get(client, link).content.decode()
    assert '<html lang="th">' in page
    assert "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก" in page
    assert "เต็มใจให้บริการ เท่าเทียม ไม่เลือกปฏิบัติ" in page  # E1 in Thai
    for label in ("English", "中文", "မြန်မာ"):
        assert label in page
    assert "ฝ่ายโยธา" in page and "งานทะเบียน" in page  # a unit and a service type
    assert "<script>" not in page  # no inline script
    # the questions, short labels of the report, are asked about something (a Thai reviewer's first finding)
    assert page.index("เกี่ยวกับหน่วยงานที่ท่านติดต่อ: ท่านเห็นว่าแต่ละข้อต่อไปนี้เป็นจริงมากน้อยเพียงใด") < page.index("เต็มใจให้บริการ")
    staff_page = _get(client, link_for(open_round, "IIT"), eligible="yes").content.decode()
    assert "เกี่ยวกับหน่วยงานของท่าน: ท่านเห็นว่าแต่ละข้อต่อไปนี้เป็นจริงมากน้อยเพียงใด" in staff_page


def test_eit_in_chinese_shows_pack_translations(client, open_round):
    page = _get(client, link_for(open_round, "EIT"), lang="zh").content.decode()
    assert "工作人员乐于服务" in page and "非常多" in page and "审批/许可" in page
    assert "关于您所联系的机构：您认为以下各项在多大程度上属实？" in page
    # the title and the units it asks about too (a tester found them in Thai, which the reader cannot read)
    assert "<h1>外部利益相关者认知调查</h1>" in page and "工务科" in page and "ฝ่ายโยธา" not in page


def test_a_unit_without_a_burmese_name_is_given_in_thai_and_english(client, open_round):
    open_round.agency.units.create(code="own", name_th="ฝ่ายทดสอบ", name_en="Test Section", order=99)
    page = _get(client, link_for(open_round, "EIT"), lang="my").content.decode()
    assert "ဆောက်လုပ်ရေးဌာန" in page and "ฝ่ายทดสอบ (Test Section)" in page
    assert "สำนักงานเขตทดสอบ (Test District Office) ·" in page  # the agency likewise
    assert "ပြင်ပ အကျိုးသက်ဆိုင်သူများ၏ သဘောထား စစ်တမ်း" in page


def test_a_response_is_stored_once_with_its_counts(client, open_round):
    link = link_for(open_round, "EIT")
    token = _token(_get(client, link, lang="en").content.decode())
    data = {**full_answers(open_round, "EIT"), "token": token, "current_lang": "en"}
    first = client.post(f"/s/{link.code}/", data)
    assert first.status_code == 302 and "/thanks/" in first["Location"]
    again = client.post(f"/s/{link.code}/", data)  # double click, back button or replay
    assert again.status_code == 302
    assert Response.objects.count() == 1
    response = Response.objects.get()
    assert response.language == "en" and response.answers["E1"] == 5 and response.unit.code == "public-works"
    e1 = OptionCount.objects.filter(round=open_round, question="E1").aggregate(n=Sum("count"))["n"]
    assert e1 == 1
    assert OptionCount.objects.get(round=open_round, question="gender", option=1).count == 1
    assert RespondentTally.objects.get(round=open_round, tool="EIT").language == "en"
    assert UsedSubmissionToken.objects.count() == 1


def test_a_respondent_may_withhold_what_would_describe_them(client, open_round):
    link = link_for(open_round, "IIT")
    page = _get(client, link, eligible="yes").content.decode()
    assert "ไม่ประสงค์ระบุ" in page and "ข้อมูลทั่วไปของท่าน (ข้อใดไม่ประสงค์ระบุ" in page
    assert not re.search(r'<input type="radio" name="d_\w+"[^>]*checked', page)  # nothing chosen for them, withholding neither
    data = {**full_answers(open_round, "IIT", d_age="withheld"), "token": _token(page)}  # "Prefer not to say"
    del data["d_gender"]  # nothing chosen at all
    assert client.post(f"/s/{link.code}/", data).status_code == 302
    response = Response.objects.get()
    assert "age" not in response.demographics and "gender" not in response.demographics
    assert response.demographics["position"] == 1 and response.answers["I1"] == 5
    assert not OptionCount.objects.filter(question__in=["age", "gender"]).exists()
    assert OptionCount.objects.get(question="position").count == 1
    assert RespondentTally.objects.get(tool="IIT").count == 1


def test_the_questionnaire_pages_send_only_the_origin_as_referer_with_what_they_load(client, open_round):
    """A web server's log of the page's styles would otherwise hold /s/<code>/ beside an address.
    (Not no-referrer: the browser would send Origin: null with the form: test_browser sends one.)"""
    link = link_for(open_round, "EIT")
    for url in (f"/s/{link.code}/", f"/s/{link.code}/thanks/", "/s/nosuch/"):
        assert client.get(url)["Referrer-Policy"] == "origin", url
    assert client.get("/people/login/")["Referrer-Policy"] == "same-origin"  # the staff pages keep the site's policy


def test_a_questionnaire_refused_by_the_csrf_check_comes_back_with_its_answers(open_round):
    """Cookies cleared (or a page kept from another day): the answers are not lost to Django's
    technical 403 page; they come back with a fresh token and cookie, and the second send stores."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    link = link_for(open_round, "EIT")
    page = browser.get(f"/s/{link.code}/", {"lang": "zh"}).content.decode()
    data = {**full_answers(open_round, "EIT", q_E4="3"), "token": _token(page), "current_lang": "zh"}
    browser.cookies.clear()  # the cookie is gone: the CSRF check refuses
    refused = browser.post(f"/s/{link.code}/", data)
    body = refused.content.decode()
    assert refused.status_code == 403 and Response.objects.count() == 0
    assert "无法从此页面提交您的回答" in body and re.search(r'name="q_E4" value="3"[^>]*checked', body)
    assert "csrftoken" in refused.cookies
    again = {**data, "token": _token(body), "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)}
    assert browser.post(f"/s/{link.code}/", again).status_code == 302 and Response.objects.count() == 1
    assert Client(enforce_csrf_checks=True).post("/people/login/", {}).status_code == 403  # other pages: Django's refusal
    # another site's form posting answers is refused outright: nothing ticked for the respondent in advance
    for header in ({"HTTP_ORIGIN": "https://evil.example"}, {"HTTP_SEC_FETCH_SITE": "cross-site"}):
        other_site = Client(enforce_csrf_checks=True).post(f"/s/{link.code}/", {**data, "q_E4": "1"}, **header)
        assert other_site.status_code == 403 and 'name="q_E4"' not in other_site.content.decode(), header
    # a refused form of a round closed meanwhile says it is closed, not "send again"
    open_round.closes_at = timezone.now() - timedelta(minutes=1)
    open_round.save()
    browser.cookies.clear()
    closed = browser.post(f"/s/{link.code}/", data)
    assert closed.status_code == 403 and 'name="q_E4"' not in closed.content.decode() and "已截止" in closed.content.decode()
    assert Response.objects.count() == 1


def test_nothing_identifying_is_stored_with_a_response(client, open_round):
    link = link_for(open_round, "EIT")
    token = _token(_get(client, link).content.decode())
    client.post(f"/s/{link.code}/", {**full_answers(open_round, "EIT"), "token": token},
                REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Secret-Browser/1.0")
    fields = {f.name for f in Response._meta.get_fields()}
    assert fields == {"id", "round", "tool", "unit", "service_type", "language", "submitted_on", "answers", "demographics"}
    row = str(list(Response.objects.values()))
    assert "203.0.113.9" not in row and "Secret-Browser" not in row
    assert {f.name for f in UsedSubmissionToken._meta.get_fields()} == {"id", "digest", "used_on"}


def test_a_missing_answer_is_named_and_entered_answers_are_kept(client, open_round):
    link = link_for(open_round, "EIT")
    token = _token(_get(client, link).content.decode())
    data = {**full_answers(open_round, "EIT", q_E4="3"), "token": token}
    del data["q_E2"]
    page = client.post(f"/s/{link.code}/", data).content.decode()
    assert "ยังไม่ได้ตอบ" in page or "not answered" in page
    assert 'href="#f-q_E2"' in page
    assert re.search(r'name="q_E4" value="3"[^>]*checked', page)
    assert Response.objects.count() == 0


def test_switching_language_keeps_answers_and_stores_nothing(client, open_round):
    link = link_for(open_round, "EIT")
    token = _token(_get(client, link).content.decode())
    page = client.post(f"/s/{link.code}/", {"token": token, "q_E4": "3", "lang": "my"}).content.decode()
    assert '<html lang="my">' in page and "ပြည်သူ့ဝန်ဆောင်မှုဆိုင်ရာ" in page
    assert re.search(r'name="q_E4" value="3"[^>]*checked', page)
    assert "s-missing" not in page and Response.objects.count() == 0


def test_closed_round_refuses_and_stores_nothing(client, open_round, monkeypatch):
    open_round.closes_at = timezone.now() - timedelta(hours=1)
    open_round.save()
    link = link_for(open_round, "EIT")
    page = _get(client, link).content.decode()
    assert "แบบสอบถามนี้ปิดแล้ว" in page and "ระบบไม่ได้บันทึกคำตอบของท่าน" not in page  # only opened, nothing sent
    response = client.post(f"/s/{link.code}/", {**full_answers(open_round, "EIT"), "token": "x"})
    assert response.status_code == 403 and "ระบบไม่ได้บันทึกคำตอบของท่าน เนื่องจากแบบสอบถามปิดรับก่อนที่ท่านจะส่ง" in response.content.decode()
    assert Response.objects.count() == 0 and OptionCount.objects.count() == 0
    # never opened, in its fiscal year (2567): it says so, not "closed" as well
    open_round.opens_at = open_round.closes_at = None
    open_round.save()
    in_fy2567 = date(2024, 5, 1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: in_fy2567)
    page = _get(client, link).content.decode()
    assert "ยังไม่เปิดรับ" in page and "แบบสอบถามนี้ปิดแล้ว" not in page
    # never opened, and its fiscal year is over: closed for good, not "not opened yet" (a reviewer's
    # report: a finished year's link told the public it would open)
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2025, 10, 1))
    page = _get(client, link).content.decode()
    assert "แบบสอบถามนี้ปิดแล้ว" in page and "สิ้นสุดแล้ว จึงไม่รับคำตอบอีก" in page and "ยังไม่เปิดรับ" not in page
    assert "不再接受回答" in _get(client, link, lang="zh").content.decode()
    monkeypatch.setattr(timezone, "localdate", lambda *args: in_fy2567)
    # a window still to come: not open yet, with its dates in the Buddhist era
    open_round.opens_at = timezone.make_aware(timezone.datetime(2099, 1, 5, 8, 0))
    open_round.closes_at = timezone.make_aware(timezone.datetime(2099, 2, 5, 16, 30))
    open_round.save()
    page = _get(client, link).content.decode()
    assert "ยังไม่เปิดรับ" in page and "แบบสอบถามนี้ปิดแล้ว" not in page
    assert "5 ม.ค. 2642 08:00 น." in page and "5 ก.พ. 2642 16:30 น." in page
    assert "จะเปิดรับคำตอบตั้งแต่" in page  # what will be, not "are accepted"
    # in each respondent's own way of writing a date (a tester got Thai months on the Burmese page)
    chinese = _get(client, link, lang="zh").content.decode()
    assert "本问卷将于 2099年1月5日 08:00 至 2099年2月5日 16:30" in chinese
    burmese = _get(client, link, lang="my").content.decode()
    assert "၂၀၉၉ ခုနှစ် ဇန်နဝါရီလ ၅ ရက် ၀၈:၀၀ နာရီ" in burmese and "ม.ค." not in burmese and "လက်ခံပါမည်" in burmese
    english = _get(client, link, lang="en").content.decode()
    assert "Answers will be accepted from 5 Jan 2099 08:00" in english and "fiscal year 2567 B.E." in english
    open_round.opens_at, open_round.closes_at = timezone.now() - timedelta(days=9), timezone.now() - timedelta(hours=1)
    open_round.save()
    assert "Answers were accepted from" in _get(client, link, lang="en").content.decode()


def test_forged_token_keeps_the_answers_and_stores_nothing(client, open_round):
    link = link_for(open_round, "EIT")
    page = client.post(f"/s/{link.code}/", {**full_answers(open_round, "EIT"), "token": "forged"}).content.decode()
    assert Response.objects.count() == 0
    assert re.search(r'name="q_E1" value="5"[^>]*checked', page)
    assert _token(page) != "forged"


def test_iit_asks_eligibility_first_and_turns_away_newcomers(client, open_round):
    link = link_for(open_round, "IIT")
    page = _get(client, link).content.decode()
    assert "ท่านปฏิบัติงานในหน่วยงานนี้มาแล้วไม่น้อยกว่า 1 ปี ใช่หรือไม่" in page
    assert 'name="q_I1"' not in page
    away = _get(client, link, eligible="no").content.decode()
    assert 'name="q_I1"' not in away and Response.objects.count() == 0
    form = _get(client, link, eligible="yes").content.decode()
    assert 'name="q_I1"' in form and 'name="d_workyear"' in form
    token = _token(form)
    client.post(f"/s/{link.code}/", {**full_answers(open_round, "IIT"), "token": token})
    assert Response.objects.get().tool == "IIT"


def test_iit_offers_thai_and_english_only(client, open_round):
    page = _get(client, link_for(open_round, "IIT"), lang="zh").content.decode()
    assert '<html lang="th">' in page and "中文" not in page


@override_settings(PRONGSAI_SURVEY_RATE="2/600")
def test_rate_limit_per_client_stores_nothing_beyond_it(client, open_round):
    from django.core.cache import cache

    cache.clear()
    link = link_for(open_round, "EIT")
    statuses = []
    for _ in range(3):
        client.post(f"/s/{link.code}/", {"again": "1"})  # "a questionnaire for another person"
        token = _token(_get(client, link).content.decode())
        statuses.append(client.post(f"/s/{link.code}/", {**full_answers(open_round, "EIT"), "token": token}).status_code)
    assert statuses == [302, 302, 429]
    assert Response.objects.count() == 2
    cache.clear()


def test_an_unknown_link_says_so_in_every_questionnaire_language_and_how_to_find_the_right_one(client, db):
    for url in ("/s/nosuch/", "/s/nosuch/thanks/"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        page = response.content.decode()
        assert response.status_code == 404
        assert "ไม่มีแบบสอบถามตามลิงก์นี้" in page and "This questionnaire link does not exist" in page
        assert "此问卷链接不存在" in page and "ဤမေးခွန်းလွှာ လင့်ခ် မရှိပါ" in page
        assert "scan its QR code again" in page and '<section lang="zh-Hans">' in page


def test_back_after_sending_says_it_was_sent_and_offers_a_new_form(client, open_round):
    link = link_for(open_round, "EIT")
    token = _token(_get(client, link).content.decode())
    client.post(f"/s/{link.code}/", {**full_answers(open_round, "EIT"), "token": token})
    back = _get(client, link).content.decode()
    assert "ส่งคำตอบแล้ว" in back and 'name="token"' not in back  # no second copy of the form
    assert 'name="again" value="1"' in back
    cookie = client.cookies["prongsai_sent"]
    assert cookie.value == "1" and cookie["path"] == f"/s/{link.code}/"  # a bare flag, not an id
    # back to a language switch (a POST the browser offers to resend): the same "sent" page, not the form
    resent = client.post(f"/s/{link.code}/", {**full_answers(open_round, "EIT"), "token": token, "lang": "zh"})
    assert "name=\"token\"" not in resent.content.decode() and 'name="again" value="1"' in resent.content.decode()
    # an address that used to open a new form past the mark (?again=1): the "sent" page too
    assert 'name="token"' not in _get(client, link, again=1).content.decode()
    # the button: the mark goes, an empty form opens (a new token); the next person's send sets it again
    response = client.post(f"/s/{link.code}/", {"again": "1"})
    assert response.status_code == 302 and client.cookies["prongsai_sent"].value == ""
    fresh = client.get(response["Location"])
    assert _token(fresh.content.decode()) != token and "no-store" in fresh["Cache-Control"]
    assert 'autocomplete="off"' in fresh.content.decode()  # Back does not fill a form with the last person's answers
    client.post(f"/s/{link.code}/", {**full_answers(open_round, "EIT"), "token": _token(fresh.content.decode())})
    assert 'name="token"' not in _get(client, link).content.decode() and Response.objects.count() == 2


def test_the_phone_language_is_the_first_page_language(client, open_round):
    link = link_for(open_round, "EIT")
    chinese = client.get(f"/s/{link.code}/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.8").content.decode()
    assert '<html lang="zh-Hans">' in chinese and "工作人员乐于服务" in chinese
    french = client.get(f"/s/{link.code}/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9,en;q=0.5").content.decode()
    assert '<html lang="en">' in french  # the first offered one
    assert '<html lang="th">' in client.get(f"/s/{link.code}/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    chosen = client.get(f"/s/{link.code}/", {"lang": "th"}, HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert '<html lang="th">' in chosen  # a chosen language wins
    iit = client.get(f"/s/{link_for(open_round, 'IIT').code}/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert '<html lang="th">' in iit  # the IIT is not offered in Chinese


def test_questions_rendered_once_are_the_same_for_every_agency_and_language_but_units_are_each_agencys(client, open_round):
    """The pack's questions of a first page view come from a per-process cache; the page is the same
    as rendered afresh, the units are each agency's own, and another language gets its own texts."""
    from prongsai.agencies.models import Unit
    from prongsai.agencies.services import ensure_agency, ensure_round
    from prongsai.surveys.templatetags import questionnaire

    def questions(page: str) -> str:
        return page.split('id="f-d_', 1)[1].split('class="s-send"', 1)[0]

    questionnaire._RENDERED.clear()
    fresh = _get(client, link_for(open_round, "EIT")).content.decode()
    assert questionnaire._RENDERED  # filled by that view
    cached = _get(client, link_for(open_round, "EIT")).content.decode()
    assert questions(cached) == questions(fresh)
    other = ensure_round(ensure_agency("999777", open_round.pack, "เขตอื่น"), 2567, open_round.framework)
    other.opens_at, other.closes_at = open_round.opens_at, open_round.closes_at
    other.save()
    Unit.objects.filter(agency=other.agency, code="public-works").update(name_th="ฝ่ายโยธาของเขตอื่น")
    page = _get(client, link_for(other, "EIT")).content.decode()
    assert "ฝ่ายโยธาของเขตอื่น" in page and "ฝ่ายโยธาของเขตอื่น" not in cached
    assert questions(page) == questions(cached)
    english = _get(client, link_for(open_round, "EIT"), lang="en").content.decode()
    assert "เต็มใจให้บริการ" not in questions(english) and "willing" in questions(english).lower()
    # a sent form with a missing answer is rendered afresh: the answers given stay checked
    answers = full_answers(open_round, "EIT")
    del answers["q_E2"]
    page = client.post(f"/s/{link_for(open_round, 'EIT').code}/", {**answers, "token": _token(fresh)}).content.decode()
    assert re.search(r'name="q_E1" value="5"[^>]*checked', page) and 's-missing" id="f-q_E2"' in page


def test_units_made_once_per_process_follow_a_rename_an_addition_and_a_removal(client, open_round):
    """The units and service types, and their questions, are made once for the rows as read: a unit
    renamed, added or removed between two pages is shown as it is now, and a response names it."""
    from prongsai.agencies.models import Unit

    link = link_for(open_round, "EIT")
    assert "ฝ่ายโยธา" in _get(client, link).content.decode()
    Unit.objects.filter(agency=open_round.agency, code="public-works").update(name_th="ฝ่ายโยธาและผังเมือง")
    new = open_round.agency.units.create(code="new-unit", name_th="ฝ่ายใหม่", name_en="New Section", order=99)
    gone = open_round.agency.units.create(code="gone", name_th="ฝ่ายที่ยุบ", name_en="Closed Section", order=100)
    page = _get(client, link).content.decode()
    assert "ฝ่ายโยธาและผังเมือง" in page and "ฝ่ายใหม่" in page and "ฝ่ายที่ยุบ" in page
    answers = {**full_answers(open_round, "EIT"), "unit": "new-unit"}
    assert client.post(f"/s/{link.code}/", {**answers, "token": _token(page)}).status_code == 302
    assert Response.objects.get(round=open_round).unit_id == new.pk
    gone.delete()
    client.cookies.clear()
    page = _get(client, link).content.decode()
    assert "ฝ่ายที่ยุบ" not in page and "ฝ่ายใหม่" in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_postgresql_plans_the_submission_once_per_connection(client, open_round):
    """settings.py turns on server-side binding and prepared statements: after a few
    questionnaires the write is a prepared statement of the connection, planned once."""
    link = link_for(open_round, "EIT")
    for _ in range(4):
        client.post(f"/s/{link.code}/", {"again": "1"})  # "a questionnaire for another person"
        token = _token(_get(client, link).content.decode())
        assert client.post(f"/s/{link.code}/", {**full_answers(open_round, "EIT"), "token": token}).status_code == 302
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("INSERT INTO" in s and "surveys_optioncount" in s and "surveys_respondenttally" in s for s in prepared)
    assert Response.objects.count() == 4


@pytest.mark.parametrize("given,expected", [("OFF", "None"), ("0", "None"), (" 5 ", "5"), ("sometimes", "DATABASE_PREPARE_AFTER='sometimes'")])
def test_the_prepared_statements_setting_is_read_strictly(given, expected, tmp_path):
    """off/0 (any case) turn prepared statements off — psycopg's own 0 would prepare every statement;
    anything but a number or off stops the app with a message naming the variable."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:5432/none", "DATABASE_PREPARE_AFTER": given,
           "DJANGO_SETTINGS_MODULE": "prongsai.settings", "PRONGSAI_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", "from django.conf import settings; "
                           "print(settings.DATABASES['default']['OPTIONS']['prepare_threshold'])"],
                          env=env, capture_output=True, text=True)
    assert expected in (done.stdout + done.stderr)


def test_a_new_iit_questionnaire_after_sending_one_gets_past_the_eligibility_question(client, open_round):
    """The eligibility question is a GET form: it dropped `again`, and the phone that had sent one saw
    "sent" again instead of a new questionnaire (a reviewer's find)."""
    link = link_for(open_round, "IIT")
    client.cookies["prongsai_sent"] = "1"
    client.post(f"/s/{link.code}/", {"again": "1"})  # "a questionnaire for another person": the mark goes
    question = _get(client, link).content.decode()
    assert 'name="eligible"' in question
    form = _get(client, link, eligible="yes", lang="th").content.decode()
    assert 'name="token"' in form  # a new questionnaire, not the "sent" page
    response = _get(client, link)
    assert "Accept-Language" in response["Vary"]


def test_a_sent_questionnaires_answers_are_never_drawn_again(client, open_round, monkeypatch):
    """A reviewer's cases on a shared device: once "another person" cleared the mark, Back to the first
    person's language switch (resent by the browser) drew their answers, ticked; so did a resent send
    that had an answer missing, with the mark set."""
    link = link_for(open_round, "EIT")
    answers = {**full_answers(open_round, "EIT"), "token": _token(_get(client, link).content.decode())}
    assert "checked" in client.post(f"/s/{link.code}/", {**answers, "lang": "en"}).content.decode()  # before sending: kept
    partial = {k: v for k, v in answers.items() if k != "q_E2"}
    assert "checked" in client.post(f"/s/{link.code}/", partial).content.decode()
    assert client.post(f"/s/{link.code}/", answers).status_code == 302  # sent
    for replay in ({**answers, "lang": "en"}, partial):
        page = client.post(f"/s/{link.code}/", replay).content.decode()
        assert "checked" not in page and 'name="again"' in page, replay.get("lang")  # the "sent" page
    client.post(f"/s/{link.code}/", {"again": "1"})  # the mark goes: the token still says it was sent
    for replay in ({**answers, "lang": "en"}, partial):
        page = client.post(f"/s/{link.code}/", replay).content.decode()
        assert "checked" not in page and 'name="again"' in page
    assert client.post(f"/s/{link.code}/", answers).status_code == 302  # a replayed send: thanked, stored once
    assert Response.objects.count() == 1
    # two days on, its token too old to send: still a sent questionnaire, not answers to draw or store again
    import time as clock

    from django.core import signing

    later = clock.time() + 2 * 86400
    monkeypatch.setattr(signing.time, "time", lambda: later)
    client.cookies.pop("prongsai_sent", None)
    for replay in ({**answers, "lang": "en"}, partial, answers):
        page = client.post(f"/s/{link.code}/", replay).content.decode()
        assert "checked" not in page and 'name="again"' in page
    assert Response.objects.count() == 1
