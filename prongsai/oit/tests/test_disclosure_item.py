"""One item's disclosure: links, files, note, responsible unit and person, due date, submission, history."""
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from prongsai.agencies.services import ensure_agency, ensure_round
from prongsai.documents.thai import thai_date
from prongsai.oit import services
from prongsai.oit.models import Attachment, Disclosure, DisclosureEvent, Status
from prongsai.scoring import pack_for_year

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def rnd(db):
    pack = pack_for_year(2568)
    return ensure_round(ensure_agency("101041", pack, "สำนักงานเขตหลักสี่"), 2568)


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("coordinator", password="x", is_staff=True)


@pytest.fixture
def staff_client(client, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(staff)
    return client


def url(rnd, item="O5"):
    return reverse("oit:item", args=[rnd.pk, item])


def test_every_item_gets_a_record(rnd):
    disclosures = services.ensure_disclosures(rnd)
    assert [d.item for d in disclosures] == [f"O{n}" for n in range(1, 23)]
    assert all(d.status == Status.DRAFT and d.score is None for d in disclosures)
    assert services.ensure_disclosures(rnd) == disclosures  # idempotent
    assert not DisclosureEvent.objects.exists()


def test_save_details_keeps_history(staff_client, staff, rnd):
    unit = rnd.agency.units.first()
    response = staff_client.post(url(rnd), {
        "action": "save", "urls": "https://laksi.example/plan-2568\n\nhttps://laksi.example/report\nhttps://laksi.example/plan-2568",
        "note": "แผนปี ๒๕๖๘", "unit": unit.pk, "responsible_person": "นางสาวสมใจ", "due_date": "2025-01-31",
    })
    assert response.status_code == 302
    d = Disclosure.objects.get(round=rnd, item="O5")
    assert d.urls == ["https://laksi.example/plan-2568", "https://laksi.example/report"]
    assert d.url == "https://laksi.example/plan-2568"
    assert d.unit == unit and d.responsible_person == "นางสาวสมใจ" and str(d.due_date) == "2025-01-31"
    event = d.events.get()
    assert event.actor == staff and event.action == "edit"
    assert event.before["urls"] == [] and event.after["urls"] == d.urls
    assert event.after["unit"] == unit.code and event.after["due_date"] == "2025-01-31"
    # the history shows the unit by its name (a tester read "administration"); the links' help in the page's language
    page = staff_client.get(url(rnd)).content.decode()
    history = page.split('class="data history"')[1]
    assert f"<dd>{unit.name_th}</dd>" in history and f"<dd>{unit.code}</dd>" not in history
    assert "บรรทัดละหนึ่งลิงก์" in page
    staff_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = staff_client.get(url(rnd)).content.decode()
    staff_client.post(reverse("set_language"), {"language": "th", "next": "/"})
    assert "One link per line" in english and "บรรทัดละหนึ่งลิงก์" not in english
    # the same details again: nothing changes, no event
    staff_client.post(url(rnd), {"action": "save", "urls": "\n".join(d.urls), "note": "แผนปี ๒๕๖๘", "unit": unit.pk,
                                 "responsible_person": "นางสาวสมใจ", "due_date": "2025-01-31"})
    assert d.events.count() == 1


def test_bad_links_are_refused_with_the_line(staff_client, rnd):
    response = staff_client.post(url(rnd), {"action": "save", "urls": "https://ok.example/\njavascript:alert(1)"})
    assert response.status_code == 200
    assert "บรรทัดที่ 2: javascript:alert(1) ไม่ใช่ที่อยู่เว็บ (http:// หรือ https://)" in response.content.decode()
    assert Disclosure.objects.get(round=rnd, item="O5").urls == []
    # a space: said as such, not "not http(s)" of a link that starts with https:// (a tester)
    page = staff_client.post(url(rnd), {"action": "save", "urls": "https://www.bangkok.go.th/laksi/a b"}).content.decode()
    assert "บรรทัดที่ 1: https://www.bangkok.go.th/laksi/a b มีช่องว่าง ซึ่งลิงก์ต้องไม่มี" in page and "%20" in page
    long = "https://laksi.example/" + "a" * 3000  # past the URL validator's own limit: still "too long"
    page = staff_client.post(url(rnd), {"action": "save", "urls": long}).content.decode()
    assert "บรรทัดที่ 1: ลิงก์ยาวเกิน 1000 ตัวอักษร" in page and "a" * 1000 not in page.split("<textarea")[0]
    page = staff_client.post(url(rnd), {"action": "save", "urls": "laksi.example/" + "a" * 985}).content.decode()
    assert "ลิงก์ยาวเกิน 1000 ตัวอักษร" in page  # 998 typed, 1006 with the https:// it gains
    staff_client.post(url(rnd), {"action": "save", "urls": "www.laksi.example/o5\nhttp://laksi.example/old"})
    assert Disclosure.objects.get(round=rnd, item="O5").urls == ["https://www.laksi.example/o5", "http://laksi.example/old"]


def test_submit_then_fail_then_resubmit(staff_client, staff, rnd):
    services.ensure_disclosures(rnd)
    d = Disclosure.objects.get(round=rnd, item="O5")
    staff_client.post(url(rnd), {"action": "submit"})
    d.refresh_from_db()
    assert d.status == Status.DRAFT  # no link yet
    services.save_details(d, staff, urls=["https://laksi.example/plan"], note="", unit=None,
                          responsible_person="", due_date=None)
    staff_client.post(url(rnd), {"action": "submit"})
    d.refresh_from_db()
    assert d.status == Status.SUBMITTED
    with pytest.raises(services.TransitionError):
        services.submit(d, staff)
    staff_client.post(reverse("oit:verdict", args=[rnd.pk, "O5"]), {"result": "fail", "comment": "ไม่มีรายงานผลรอบ 6 เดือน"})
    d.refresh_from_db()
    assert d.status == Status.FAILED and d.score == 0
    staff_client.post(url(rnd), {"action": "submit"})
    d.refresh_from_db()
    assert d.status == Status.RESUBMITTED and d.score == 0  # the last verdict counts until the next one
    actions = list(d.events.order_by("at", "id").values_list("action", flat=True))
    assert actions == ["edit", "submit", "verdict", "submit"]
    statuses = [e.after.get("status") for e in d.events.order_by("at", "id")]
    assert statuses == [None, "submitted", "failed", "resubmitted"]
    page = staff_client.get(url(rnd)).content.decode()
    assert "ไม่มีรายงานผลรอบ 6 เดือน" in page and "coordinator" in page
    assert "<dd>ส่งใหม่แล้ว</dd>" in page and "<dt>สถานะ</dt>" in page  # history in Thai
    today = thai_date(timezone.localdate(), short=True)  # Buddhist-era years, as on every other page
    assert f"คะแนน 0.00 · {today}" in page and f'<td class="num">{today} ' in page


def test_events_are_append_only(rnd, staff):
    services.ensure_disclosures(rnd)
    d = Disclosure.objects.get(round=rnd, item="O1")
    event = services.give_verdict(d, staff, 0, "ไม่พบข้อมูล")
    event.action = "tampered"
    with pytest.raises(ValueError):
        event.save()


def test_change_refuses_untracked_fields(rnd):
    services.ensure_disclosures(rnd)
    d = Disclosure.objects.get(round=rnd, item="O1")
    with pytest.raises(ValueError):
        services.change(d, None, "edit", item="O2")


def test_attach_a_pdf_under_a_generated_name(staff_client, staff, rnd, settings):
    upload = SimpleUploadedFile("../../etc/แผน 2568.pdf", PDF, content_type="text/plain")
    response = staff_client.post(url(rnd), {"action": "attach", "file": upload})
    assert response.status_code == 302
    a = Attachment.objects.get()
    assert a.content_type == "application/pdf" and a.size == len(PDF)
    assert a.original_name.endswith("แผน 2568.pdf")
    assert "แผน" not in a.file.name and ".." not in a.file.name and a.file.name.endswith(".pdf")
    assert a.file.path.startswith(str(settings.MEDIA_ROOT))
    download = staff_client.get(reverse("oit:attachment", args=[a.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert a.disclosure.events.get().action == "attach"
    staff_client.post(url(rnd), {"action": "detach", "attachment": a.pk})
    assert not Attachment.objects.exists()
    assert list(a.disclosure.events.values_list("action", flat=True).order_by("id")) == ["attach", "detach"]


def test_refuse_files_by_content_and_size(staff_client, rnd, settings):
    fake = SimpleUploadedFile("evil.pdf", b"<script>alert(1)</script>", content_type="application/pdf")
    response = staff_client.post(url(rnd), {"action": "attach", "file": fake})
    assert response.status_code == 200 and not Attachment.objects.exists()
    assert "PDF" in response.content.decode()
    settings.PRONGSAI_OIT_MAX_UPLOAD = 10
    big = SimpleUploadedFile("big.pdf", PDF, content_type="application/pdf")
    response = staff_client.post(url(rnd), {"action": "attach", "file": big})
    assert response.status_code == 200 and not Attachment.objects.exists()


def test_office_documents_are_recognised():
    import io
    import zipfile

    from prongsai.oit.files import sniff

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    assert sniff(buffer.getvalue())[0] == "docx"
    assert sniff(b"\x89PNG\r\n\x1a\n....")[0] == "png"
    assert sniff(b"PK\x03\x04 broken zip") is None
    assert sniff(b"MZ\x90\x00") is None


def test_new_links_on_a_passed_item_wait_for_the_assessor_again(staff_client, staff, rnd):
    """A tester passed O1 at one page, then its links were changed to another: the pass had gone on
    standing for a page nobody checked, and the open data published it as passed."""
    services.ensure_disclosures(rnd)
    d = Disclosure.objects.get(round=rnd, item="O5")
    details = dict(note="", unit=None, responsible_person="", due_date=None)
    services.save_details(d, staff, urls=["https://laksi.example/plan-2568"], **details)
    services.submit(d, staff)
    services.give_verdict(d, staff, 100)
    services.save_details(d, staff, urls=["https://laksi.example/plan-2568"], **{**details, "note": "ฝ่ายปกครอง"})
    d.refresh_from_db()
    assert d.status == Status.PASSED  # a note is the agency's own: the pass stands
    services.save_details(d, staff, urls=["https://laksi.example/more", "https://laksi.example/plan-2568"], **details)
    d.refresh_from_db()
    assert d.status == Status.PASSED  # one more link, in another order, takes nothing the assessor saw away

    response = staff_client.post(url(rnd), {"action": "save", "urls": "https://elsewhere.example/x", "note": "ฝ่ายปกครอง"}, follow=True)
    assert "เนื่องจากลิงก์เปลี่ยน ข้อนี้จึงรอผู้ประเมินตรวจอีกครั้ง" in response.content.decode()
    d.refresh_from_db()
    assert d.status == Status.RESUBMITTED and d.awaiting_verdict  # on the assessor's list again
    assert d.score == 100  # the last verdict counts until the next one, as after any resubmission
    # and the assessor's page says so beside the status (a tester read "resubmitted, 100.00" as a puzzle)
    assert "(ยังนับผลผ่านครั้งก่อนจนกว่าจะมีผลการตรวจใหม่)" in staff_client.get(reverse("oit:readiness", args=[rnd.pk])).content.decode()
    edit = d.events.filter(action="edit").latest("pk")
    assert edit.before["status"] == "passed" and edit.after["status"] == "resubmitted"
    public = staff_client.get(reverse("oit:public_json", args=[rnd.agency.code, rnd.fiscal_year])).json()
    assert next(i for i in public["items"] if i["item"] == "O5")["status"] == "resubmitted"


def test_nothing_recorded_nothing_to_pass(staff_client, staff, rnd):
    """A draft without a link or file cannot pass (the public page read "no address recorded … passed"); it can fail."""
    services.ensure_disclosures(rnd)
    d = Disclosure.objects.get(round=rnd, item="O5")
    with pytest.raises(services.TransitionError):
        services.give_verdict(d, staff, 100)
    page = staff_client.post(reverse("oit:verdict", args=[rnd.pk, "O5"]), {"result": "pass"}, follow=True).content.decode()
    assert "O5: ข้อนี้ยังไม่มีหลักฐานการเผยแพร่" in page
    d.refresh_from_db()
    assert d.score is None and d.status == Status.DRAFT
    services.give_verdict(d, staff, 0, "ไม่พบการเผยแพร่")
    staff_client.post(url(rnd), {"action": "attach", "file": SimpleUploadedFile("แผน.pdf", PDF)})
    services.give_verdict(d, staff, 100)  # a file shows it
    d.refresh_from_db()
    assert d.status == Status.PASSED
    # the file the pass was given to removed: back to the assessor, as for a link (a reviewer)
    staff_client.post(url(rnd), {"action": "detach", "attachment": d.attachments.get().pk})
    d.refresh_from_db()
    assert d.status == Status.RESUBMITTED and d.events.filter(action="detach", after__status="resubmitted").exists()
