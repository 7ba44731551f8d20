"""What every form does in the system Chromium (prongsai/static/prongsai/forms.js): a date box says
its date in the Buddhist era, and a text box near its length limit counts its characters."""
import pytest
from playwright.sync_api import expect

from .browser import staff_page
from .factories import make_plan


@pytest.mark.django_db(transaction=True)
def test_a_deadline_shows_its_buddhist_era_date_and_a_long_output_its_count(live_server, laksi_round):
    measure = make_plan(laksi_round, with_progress=False).measures().order_by("deadline").last()  # due 30 Sep 2025
    with staff_page(live_server, f"/plans/measures/{measure.pk}/", "textarea[name=output]") as page:
        assert page.text_content("input[name=deadline] + .be-date") == "= 30 ก.ย. 2568"
        page.fill("input[name=deadline]", "2025-03-31")
        assert page.text_content("input[name=deadline] + .be-date") == "= 31 มี.ค. 2568"
        counter = page.locator("textarea[name=output] + .chars")
        assert counter.is_hidden()  # a short text: nothing to say
        page.fill("textarea[name=output]", "ก" * 850)
        assert counter.text_content() == "850 จากไม่เกิน 1,000 ตัวอักษร"
        page.locator("textarea[name=output]").press("End")
        page.keyboard.insert_text("ข" * 400)  # typed past the limit: the box keeps 1,000 and says so
        assert counter.text_content() == "1,000 จากไม่เกิน 1,000 ตัวอักษร" and "full" in counter.get_attribute("class")
        page.fill("textarea[name=output]", "")
        page.evaluate("""() => { const box = document.querySelector('textarea[name=output]'); box.focus();
            const data = new DataTransfer(); data.setData('text/plain', 'ก'.repeat(3200));
            box.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true})); }""")
        page.wait_for_timeout(100)  # a paste cut at the limit is said, with the pasted text's length
        assert counter.text_content() == "ข้อความที่วางยาว 3,200 ตัวอักษร ใส่ได้เพียง 1,000 ตัวอักษร เพราะช่องนี้รับได้ไม่เกิน 1,000 ตัวอักษร กรุณาย่อข้อความแล้ววางใหม่"


@pytest.mark.django_db(transaction=True)
def test_saving_a_caption_over_an_unsaved_result_asks_first(live_server, laksi_round):
    """A tester typed a result, then saved a photo's caption: the page reloaded without the result, unsaid."""
    from prongsai.measures.evidence import add_link
    from prongsai.measures.models import MeasureProgress

    plan = make_plan(laksi_round)
    done = MeasureProgress.objects.get(measure__issue__plan=plan, status=MeasureProgress.DONE)
    link = add_link(done, "https://example.go.th/news/1", "ข่าว")
    url = f"/plans/progress/{done.measure_id}/{done.reporting_round_id}/"
    with staff_page(live_server, url, "textarea[name=p-result]") as page:
        page.fill("textarea[name=p-result]", "ข้อความที่ยังไม่ได้บันทึก")
        page.fill("input[name=caption]", "ข่าวประชาสัมพันธ์")
        asked = []
        page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
        page.get_by_role("button", name="บันทึกคำอธิบาย").click()
        page.wait_for_timeout(300)
        assert asked and "ยังไม่ได้บันทึก" in asked[0]
        assert page.input_value("textarea[name=p-result]") == "ข้อความที่ยังไม่ได้บันทึก"  # still there, nothing sent
        link.refresh_from_db()
        assert link.caption == "ข่าว"
        page.once("dialog", lambda dialog: dialog.accept())
        with page.expect_navigation():
            page.get_by_role("button", name="บันทึกคำอธิบาย").click()
        link.refresh_from_db()
        assert link.caption == "ข่าวประชาสัมพันธ์"


@pytest.mark.django_db(transaction=True)
def test_the_weak_items_to_plan_are_counted_on_the_button_and_ticked_or_cleared_at_once(live_server, laksi_round):
    """A tester, finding every weak item ticked, clicked the three wanted and planned the other four."""
    with staff_page(live_server, f"/plans/rounds/{laksi_round.pk}/analysis/", "button[data-count]") as page:
        boxes = page.locator("input[name=code]")
        n = boxes.count()
        assert n > 3
        button = page.locator("button[data-count]")
        assert button.text_content() == f"วางแผน {n} ข้อที่เลือกไว้ พร้อมมาตรการที่คลังมาตรการเสนอ"
        page.uncheck("[data-check-all=code]")  # none
        assert button.text_content().startswith("วางแผน 0 ข้อ") and button.is_disabled()
        boxes.nth(0).check()
        boxes.nth(2).check()
        assert button.text_content().startswith("วางแผน 2 ข้อ") and button.is_enabled()
        assert page.evaluate("document.querySelector('[data-check-all=code]').indeterminate")


@pytest.mark.django_db(transaction=True)
def test_assigning_fills_the_missing_deadlines_at_once_and_ticks_every_unit_of_a_measure(live_server, laksi_round):
    """A tester assigning fifteen measures ticked eleven boxes and typed a date for each."""
    from prongsai.measures.models import Measure

    plan = make_plan(laksi_round, with_progress=False)
    Measure.objects.filter(issue__plan=plan, activities="จัดทำแบบสำรวจความพึงพอใจ").update(deadline=None)
    units = laksi_round.agency.units.count()
    assert units >= 3
    with staff_page(live_server, f"/plans/{plan.pk}/assign/", "#same-deadline") as page:
        dates = page.locator("input[type=date][name$='-deadline']")
        before = dates.evaluate_all("boxes => boxes.map(b => b.value)")
        assert before.count("") == 1
        page.fill("#same-deadline", "2025-06-30")
        page.get_by_role("button", name="ใส่ให้").click()
        after = dates.evaluate_all("boxes => boxes.map(b => b.value)")
        assert after == [v or "2025-06-30" for v in before]  # the empty one only; the others as they were
        row = before.index("")
        cell = page.locator("td.units").nth(row)
        cell.get_by_label("ทุกฝ่าย").check()
        assert cell.locator("input[name$='-responsible_units']").evaluate_all("boxes => boxes.every(b => b.checked)")
        with page.expect_navigation():
            page.get_by_role("button", name="บันทึกทั้งหมด").click()
    m2 = Measure.objects.get(issue__plan=plan, activities="จัดทำแบบสำรวจความพึงพอใจ")
    assert str(m2.deadline) == "2025-06-30" and m2.responsible_units.count() == units


@pytest.mark.django_db(transaction=True)
def test_a_measures_own_page_ticks_every_unit_at_once_too(live_server, laksi_round):
    """A tester adding a measure found the 'every unit' box on the assignment table only."""
    from prongsai.measures.models import Measure

    plan = make_plan(laksi_round, with_progress=False)
    m2 = Measure.objects.get(issue__plan=plan, activities="จัดทำแบบสำรวจความพึงพอใจ")
    with staff_page(live_server, f"/plans/measures/{m2.pk}/", "label.all-units") as page:
        boxes = page.locator("input[name=responsible_units]")
        page.get_by_label("ทุกฝ่าย").check()
        assert boxes.evaluate_all("boxes => boxes.every(b => b.checked)")
        page.get_by_label("ทุกฝ่าย").uncheck()
        assert boxes.evaluate_all("boxes => boxes.every(b => !b.checked)")


@pytest.mark.django_db(transaction=True)
def test_a_typed_result_is_kept_when_a_link_is_followed_or_the_session_has_ended(live_server, laksi_round):
    """A tester's unit head tapped "next measure" under a typed result, and another saved after the
    session had ended: both lost what they had typed, without a word."""
    from prongsai.measures.models import MeasureProgress

    plan = make_plan(laksi_round)
    record = MeasureProgress.objects.filter(measure__issue__plan=plan).first()
    url = f"/plans/progress/{record.measure_id}/{record.reporting_round_id}/"
    with staff_page(live_server, url, "textarea[name=p-result]") as page:
        page.fill("textarea[name=p-result]", "อบรมเจ้าหน้าที่ 40 คน เมื่อ 15 ม.ค.")
        asked = []
        page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
        page.get_by_role("link", name="กลับไปที่รอบรายงาน").first.click()
        page.wait_for_timeout(300)
        assert asked == ["beforeunload"] and page.url.endswith(url)  # asked, and stayed
        page.context.clear_cookies(name="sessionid")  # the session has ended (the CSRF cookie stays)
        with page.expect_navigation():
            page.get_by_role("button", name="บันทึก", exact=True).click()
        assert "/login/" in page.url
        record.refresh_from_db()
        assert "อบรมเจ้าหน้าที่ 40 คน" not in record.result
        page.fill("input[name=username]", "coordinator")
        page.fill("input[name=password]", "pw-123456")
        with page.expect_navigation():
            page.locator("button.primary").click()
        page.wait_for_selector("#restore-draft")
        assert page.input_value("textarea[name=p-result]") == record.result  # the page shows what is stored
        assert "ยังไม่ได้บันทึก" in page.text_content("#restore-draft")
        page.locator("#restore-draft button").click()
        assert page.input_value("textarea[name=p-result]") == "อบรมเจ้าหน้าที่ 40 คน เมื่อ 15 ม.ค."
        with page.expect_navigation():
            page.get_by_role("button", name="บันทึก", exact=True).click()
        record.refresh_from_db()
        assert record.result == "อบรมเจ้าหน้าที่ 40 คน เมื่อ 15 ม.ค."
        # the save went through: its copy and the mark are gone, nothing more to offer
        assert page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('prongsai-'))") == []
        page.goto(f"{live_server.url}{url}")
        page.wait_for_selector("textarea[name=p-result]")
        assert page.locator("#restore-draft").count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_draft_put_back_is_still_refused_over_a_save_made_meanwhile_and_never_offered_to_another_person(live_server, laksi_round):
    """A reviewer: a draft put back was sent with the new page's stamp, and replaced a colleague's save
    made meanwhile unsaid; and one person's draft was offered to the next in the same tab."""
    from django.contrib.auth.models import User

    from prongsai.measures.models import MeasureProgress

    plan = make_plan(laksi_round)
    record = MeasureProgress.objects.filter(measure__issue__plan=plan).first()
    url = f"/plans/progress/{record.measure_id}/{record.reporting_round_id}/"
    with staff_page(live_server, url, "textarea[name=p-result]") as page:
        page.fill("textarea[name=p-result]", "ข้อความที่ยังไม่ได้บันทึก")
        page.once("dialog", lambda dialog: dialog.accept())  # leaves: asked, and goes
        page.goto(f"{live_server.url}/plans/")
        MeasureProgress.objects.filter(pk=record.pk).update(result="ข้อความของเพื่อนร่วมงาน")  # a colleague saves meanwhile
        page.goto(f"{live_server.url}{url}")
        page.locator("#restore-draft button").click()
        page.once("dialog", lambda dialog: dialog.accept())  # put back, left again unsaved, put back again (a reviewer)
        page.goto(f"{live_server.url}/plans/")
        page.goto(f"{live_server.url}{url}")
        page.locator("#restore-draft button").click()
        with page.expect_navigation():
            page.get_by_role("button", name="บันทึก", exact=True).click()
        record.refresh_from_db()
        assert record.result == "ข้อความของเพื่อนร่วมงาน"  # refused, as a save over one made meanwhile is
        assert "ยังไม่ได้บันทึก" in page.text_content(".messages")
        assert page.input_value("textarea[name=p-result]") == "ข้อความที่ยังไม่ได้บันทึก"  # shown beside theirs
        # the refused page keeps the text: leaving it asks, once, whichever way (a reviewer found two prompts)
        asked = []
        page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))
        with page.expect_navigation():
            page.get_by_role("button", name="ออกจากระบบ").click()
        assert asked == ["confirm"] and page.locator("[data-logged-out]").count() == 1
        assert page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('prongsai-'))") == []
        User.objects.create_user("director", password="pw-123456", is_staff=True)
        page.goto(f"{live_server.url}/admin/login/?next={url}")
        page.fill("#id_username", "director")
        page.fill("#id_password", "pw-123456")
        with page.expect_navigation():
            page.click("input[type=submit]")
        page.wait_for_selector("textarea[name=p-result]")
        assert page.locator("#restore-draft").count() == 0  # another person: nothing of the first one's


@pytest.mark.django_db(transaction=True)
def test_the_day_a_measure_was_finished_is_asked_for_a_done_measure_only(live_server, laksi_round):
    """A tester's unit head scrolled past the date box and its help under every status on a phone."""
    from prongsai.measures.models import MeasureProgress

    plan = make_plan(laksi_round)
    record = MeasureProgress.objects.filter(measure__issue__plan=plan).exclude(status=MeasureProgress.DONE).first()
    url = f"/plans/progress/{record.measure_id}/{record.reporting_round_id}/"
    with staff_page(live_server, url, "textarea[name=p-result]") as page:
        day, label = page.locator("input[name=p-completed_on]"), page.locator("label[for=id_p-completed_on]")
        assert day.count() == 1 and label.text_content() == "วันที่แล้วเสร็จ"
        page.select_option("select[name=p-status]", MeasureProgress.IN_PROGRESS)
        expect(day).to_be_hidden()
        expect(label).to_be_hidden()  # the field with its label and help
        page.select_option("select[name=p-status]", MeasureProgress.DONE)
        expect(day).to_be_visible()
        page.select_option("select[name=p-status]", MeasureProgress.NOT_STARTED)
        expect(day).to_be_hidden()
        # a day typed, then the status changed: the hidden day is not sent (it was, and the save refused)
        page.select_option("select[name=p-status]", MeasureProgress.DONE)
        page.fill("input[name=p-completed_on]", "2025-03-01")
        page.select_option("select[name=p-status]", MeasureProgress.IN_PROGRESS)
        page.fill("textarea[name=p-result]", "อยู่ระหว่างจัดทำคู่มือ")
        with page.expect_navigation():
            page.locator("form#progress button[type=submit]").click()
    record.refresh_from_db()
    assert (record.status, record.result, record.completed_on) == (MeasureProgress.IN_PROGRESS, "อยู่ระหว่างจัดทำคู่มือ", None)


@pytest.mark.django_db(transaction=True)
def test_the_documents_form_asks_for_a_round_only_for_the_progress_report(live_server, laksi_round):
    with staff_page(live_server, "/documents/", "select[name=document]") as page:
        rounds = page.locator("select[name=round]")
        page.select_option("select[name=document]", "plan")
        expect(rounds).to_be_hidden()  # (waits for the page's script: it failed once, read too early on a busy machine)
        expect(rounds).to_be_disabled()  # and not sent
        page.select_option("select[name=document]", "progress")
        expect(rounds).to_be_visible()
        expect(rounds).to_be_enabled()


@pytest.mark.django_db(transaction=True)
def test_a_draft_put_back_keeps_every_ticked_unit(live_server, laksi_round):
    """A reviewer: a measure shared by two units came back with only the last one ticked."""
    from prongsai.measures.models import Measure

    measure = make_plan(laksi_round, with_progress=False).measures().get(activities__startswith="1. ปรับปรุงขั้นตอน")
    units = sorted(str(pk) for pk in measure.responsible_units.values_list("pk", flat=True))
    assert len(units) >= 2
    url = f"/plans/measures/{measure.pk}/"
    with staff_page(live_server, url, "textarea[name=output]") as page:
        page.fill("textarea[name=output]", "คู่มือขั้นตอนใหม่ 1 ฉบับ")
        page.once("dialog", lambda dialog: dialog.accept())
        page.goto(f"{live_server.url}/plans/")
        page.goto(f"{live_server.url}{url}")
        page.locator("#restore-draft button").click()
        ticked = page.eval_on_selector_all("input[name=responsible_units]:checked", "boxes => boxes.map(b => b.value)")
        assert sorted(ticked) == units and page.input_value("textarea[name=output]") == "คู่มือขั้นตอนใหม่ 1 ฉบับ"
        with page.expect_navigation():
            page.locator("form[data-unsaved] button[type=submit]").first.click()
        measure = Measure.objects.get(pk=measure.pk)
        assert measure.output == "คู่มือขั้นตอนใหม่ 1 ฉบับ" and measure.responsible_units.count() == len(units)


@pytest.mark.django_db(transaction=True)
def test_a_refused_measure_keeps_its_text_as_typed_text(live_server, laksi_round):
    """A reviewer: a measure refused for its deadline came back with the text typed, but leaving it then
    asked nothing and kept nothing."""
    measure = make_plan(laksi_round, with_progress=False).measures().first()
    url = f"/plans/measures/{measure.pk}/"
    with staff_page(live_server, url, "textarea[name=activities]") as page:
        page.fill("textarea[name=activities]", "จัดอบรมเจ้าหน้าที่ทุกฝ่าย")
        page.evaluate("document.querySelector('input[name=deadline]').removeAttribute('max')")
        page.fill("input[name=deadline]", "2026-01-31")  # outside the plan's fiscal year: refused
        with page.expect_navigation():
            page.locator("form[data-unsaved] button[type=submit]").first.click()
        assert page.input_value("textarea[name=activities]") == "จัดอบรมเจ้าหน้าที่ทุกฝ่าย"
        assert page.evaluate("Object.keys(sessionStorage).some(k => k.startsWith('prongsai-draft:'))")
        asked = []
        page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
        page.locator("a[href='/plans/']").first.click()
        page.wait_for_timeout(300)
        assert asked == ["beforeunload"]


@pytest.mark.django_db(transaction=True)
def test_a_note_typed_to_send_a_report_or_plan_back_asks_before_it_is_lost(live_server, laksi_round):
    """The director's box asking for a change (a report's note, a note beside one of its measures, a plan's
    note) lost what was typed unsaid on following a link or approving instead."""
    from django.utils import timezone

    from prongsai.measures.models import Plan, ReportingRound

    plan = make_plan(laksi_round)
    Plan.objects.filter(pk=plan.pk).update(approved_at=timezone.now())
    rr = plan.reporting_rounds.get()
    ReportingRound.objects.filter(pk=rr.pk).update(submitted_at=timezone.now())
    measure = plan.measures().get(issue__code="O22")
    url = f"/plans/reporting-rounds/{rr.pk}/"
    with staff_page(live_server, url, "#report-note") as page:
        page.fill(f"textarea[name=mnote-{measure.pk}]", "แนบภาพหน้าเว็บไซต์")  # beside its measure, outside the form
        asked = []
        page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
        page.locator("a[href='/plans/']").first.click()
        page.wait_for_timeout(300)
        assert asked == ["beforeunload"] and page.url.endswith(url)  # asked, and stayed
        page.fill("#report-note", "ขอให้แนบหลักฐานเพิ่ม")
        page.check("input[name=confirm_unreported]")
        page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
        page.get_by_role("button", name="อนุมัติรายงาน").click()  # approving instead: asked first
        page.wait_for_timeout(300)
        assert len(asked) == 2 and "ยังไม่ได้ส่ง" in asked[1]
        rr.refresh_from_db()
        assert not rr.approved and page.input_value("#report-note") == "ขอให้แนบหลักฐานเพิ่ม"
        with page.expect_navigation():
            page.get_by_role("button", name="ส่งกลับแก้ไข").click()
        rr.refresh_from_db()
        assert rr.returned_note == "ขอให้แนบหลักฐานเพิ่ม" and rr.measure_notes == {str(measure.pk): "แนบภาพหน้าเว็บไซต์"}
        assert page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('prongsai-draft:'))") == []  # sent: nothing kept
        # a plan sent for approval: its box too
        Plan.objects.filter(pk=plan.pk).update(approved_at=None, submitted_at=timezone.now())
        page.goto(f"{live_server.url}/plans/{plan.pk}/")
        page.fill("#send-back-note", "เพิ่มมาตรการของข้อ O22")
        page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
        page.locator("a[href='/plans/']").first.click()
        page.wait_for_timeout(300)
        assert asked[2:] == ["beforeunload"] and page.url.endswith(f"/plans/{plan.pk}/")


@pytest.mark.django_db(transaction=True)
def test_a_note_the_browser_puts_back_on_back_is_still_guarded_and_not_offered_twice(live_server, laksi_round):
    """Back to a page left with a typed note (after reading the plan's PDF, say): the browser puts the
    note back; it is still typed text not sent, so leaving asks again, and the tab's copy of it is not
    offered again beside it (a tester saw "restore" offered for the text already there, then left unasked)."""
    from django.utils import timezone

    from prongsai.measures.models import Plan

    plan = make_plan(laksi_round)
    Plan.objects.filter(pk=plan.pk).update(submitted_at=timezone.now())
    url = f"/plans/{plan.pk}/"
    with staff_page(live_server, url, "#send-back-note") as page:
        page.fill("#send-back-note", "เพิ่มมาตรการของข้อ O22")
        page.once("dialog", lambda dialog: dialog.accept())  # left after all
        page.locator("a[href='/plans/']").first.click()
        page.wait_for_url(f"{live_server.url}/plans/")
        page.go_back()
        page.wait_for_selector("#send-back-note")
        page.wait_for_timeout(300)
        assert page.input_value("#send-back-note") == "เพิ่มมาตรการของข้อ O22"
        assert page.locator("#restore-draft").count() == 0
        asked = []
        page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
        page.locator("a[href='/plans/']").first.click()
        page.wait_for_timeout(300)
        assert asked == ["beforeunload"] and page.url.endswith(url)
