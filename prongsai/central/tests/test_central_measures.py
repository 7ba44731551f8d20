"""Central measures (seed 003): the central office writes city-wide measures and assigns them to
many agencies at once; each agency's coordinator records its result and evidence; the compiled
DOCX/PDF lists every agency's result under each measure."""
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.agencies.models import Agency
from prongsai.central import measures as central_measures
from prongsai.central.models import CentralAssignment, CentralEvidence, CentralMeasure
from prongsai.people import roles
from prongsai.people.models import AuditEntry
from prongsai.people.tests.factories import agency, user

pytestmark = pytest.mark.django_db

ISSUE = "๑) การปฏิบัติหน้าที่"
STEPS = "๓. มีการจัดระบบคิว โดยใช้แอปพลิเคชัน เครื่องจัดระบบคิวไฟฟ้าอัตโนมัติ"  # seed 003
RESPONSIBLE = "ทุกหน่วยงานและส่วนราชการในสังกัดสำนักปลัดกรุงเทพมหานคร"


@pytest.fixture
def city():
    a, b, c = agency("900001", "สำนักงานเขตพระนคร"), agency("900002", "สำนักงานเขตดุสิต"), agency("900003", "สำนักงานเขตบางรัก")
    people = {
        "central": user("central", roles.CENTRAL),
        "coord_a": user("coord-a", roles.COORDINATOR, a),
        "coord_b": user("coord-b", roles.COORDINATOR, b),
        "director_a": user("director-a", roles.DIRECTOR, a),
        "auditor": user("auditor", roles.AUDITOR),
    }
    return (a, b, c), people


def _new_measure(client, **extra):
    data = {"fiscal_year": "2565", "issue": ISSUE, "steps": STEPS, "responsible": RESPONSIBLE, "order": "0", **extra}
    return client.post(reverse("central:measure_new"), data)


def test_the_central_office_assigns_a_measure_to_every_agency_at_once(client, city):
    agencies, people = city
    bma = agency("BMA", "กรุงเทพมหานคร")  # the city groups the district offices; it is not assessed itself
    Agency.objects.filter(pk__in=[a.pk for a in agencies]).update(parent=bma)
    client.force_login(people["central"])
    response = _new_measure(client, **{"a-everyone": "on"})
    m = CentralMeasure.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("central:measure", args=[m.pk])
    assert sorted(m.assignments.values_list("agency__code", flat=True)) == ["900001", "900002", "900003"]
    assert AuditEntry.objects.filter(object_type="central.centralmeasure", action="create").count() == 1
    assert AuditEntry.objects.filter(object_type="central.centralassignment", action="create").count() == 3


def test_editing_a_measure_keeps_its_year(client, city):
    _agencies, people = city
    m = central_measures.save_measure(people["central"], CentralMeasure(
        fiscal_year=2565, issue=ISSUE, steps=STEPS, responsible=RESPONSIBLE))
    client.force_login(people["central"])
    page = client.get(reverse("central:measure_edit", args=[m.pk]) + "?year=2568").content.decode()
    assert 'name="fiscal_year" value="2565"' in page
    response = client.post(reverse("central:measure_edit", args=[m.pk]),
                           {"fiscal_year": "2565", "issue": ISSUE, "steps": STEPS + " ปรับแล้ว", "responsible": RESPONSIBLE, "order": "0"})
    assert response.status_code == 302 and "บันทึกมาตรการส่วนกลางแล้ว" in client.get(response["Location"]).content.decode()


def test_a_measure_needs_its_agencies(client, city):
    _agencies, people = city
    client.force_login(people["central"])
    response = _new_measure(client)
    assert response.status_code == 200 and not CentralMeasure.objects.exists()
    assert "เลือกหน่วยงาน" in response.content.decode()  # the Thai validation message
    # said at the top too: the only message was below the fold (a tester saw the page "unchanged")
    assert '<p class="error" role="alert">ยังไม่ได้บันทึก: แก้ไขส่วนที่ระบุด้านล่าง</p>' in response.content.decode()
    # the "every agency" box beside its words, not under them (a tester)
    assert re.search(r'<label><input type="checkbox" name="a-everyone"[^>]*> ทุกหน่วยงาน</label>', response.content.decode())
    page = _new_measure(client, fiscal_year="-5", **{"a-everyone": "on"}).content.decode()
    assert "ระบุปีพุทธศักราช" in page and "มากกว่าหรือเท่ากับ 0" not in page  # a year's message, not a number's


def test_only_the_central_office_writes_measures(client, city):
    _agencies, people = city
    for who in ("coord_a", "director_a", "auditor"):
        client.force_login(people[who])
        assert _new_measure(client, **{"a-everyone": "on"}).status_code == 403, who
    assert not CentralMeasure.objects.exists()


@pytest.fixture
def assigned(city):
    (a, b, c), people = city
    m = central_measures.save_measure(people["central"], CentralMeasure(
        fiscal_year=2565, issue=ISSUE, steps=STEPS, responsible=RESPONSIBLE))
    central_measures.assign(people["central"], m, [a, b])
    return m, city


def test_a_coordinator_records_the_agency_result_and_evidence(client, assigned):
    m, ((a, b, _c), people) = assigned
    mine, theirs = m.assignments.get(agency=a), m.assignments.get(agency=b)
    client.force_login(people["coord_a"])
    url = reverse("central:answer", args=[mine.pk])
    assert "แก้คำอธิบายของแต่ละรายการได้" in client.get(url).content.decode()  # each caption can be changed below
    assert client.post(url, {"result": "ใช้แอปพลิเคชัน BMA Q"}).status_code == 302
    # the result and a link (typed without https://) in one save: neither is lost to the other
    assert client.post(url, {"result": "ใช้แอปพลิเคชัน BMA Q จัดคิว", "e-url": "example.org/q",
                             "e-caption": "ภาพเครื่องคิว"}).status_code == 302
    mine.refresh_from_db()
    assert mine.result == "ใช้แอปพลิเคชัน BMA Q จัดคิว" and mine.updated_by == people["coord_a"]
    assert mine.evidence.get().url == "https://example.org/q"
    entry = AuditEntry.objects.filter(object_type="central.centralassignment", action="update").latest("pk")
    assert entry.agency == a and entry.after["result"] == "ใช้แอปพลิเคชัน BMA Q จัดคิว"
    # another agency's answer: readable by neither, writable by neither
    assert client.get(reverse("central:answer", args=[theirs.pk])).status_code == 403
    assert client.post(reverse("central:answer", args=[theirs.pk]), {"result": "x"}).status_code == 403
    # the director reads but does not write; the auditor reads, every POST refused
    for who in ("director_a", "auditor"):
        client.force_login(people[who])
        assert client.get(url).status_code == 200
        assert client.post(url, {"result": "แก้"}).status_code == 403
    mine.refresh_from_db()
    assert mine.result == "ใช้แอปพลิเคชัน BMA Q จัดคิว"


def test_uploads_go_through_the_measures_evidence_checks(client, assigned):
    m, ((a, _b, _c), people) = assigned
    mine = m.assignments.get(agency=a)
    client.force_login(people["coord_a"])
    url = reverse("central:answer", args=[mine.pk])
    from PIL import Image

    raw = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(raw, "PNG")
    bad = client.post(url, {"result": "จัดคิวแล้ว", "e-file": [SimpleUploadedFile("q.png", raw.getvalue(), "image/png"),
                                                           SimpleUploadedFile("x.exe", b"MZ\x90\x00", "application/octet-stream")]})
    page = bad.content.decode()
    mine.refresh_from_db()
    assert bad.status_code == 200 and not CentralEvidence.objects.exists() and mine.result == ""  # nothing saved
    assert "x.exe:" in page and "จัดคิวแล้ว" in page  # the refused file named, the typed result kept
    assert client.post(url, {"result": "จัดคิวแล้ว", "e-file": SimpleUploadedFile("q.png", raw.getvalue(), "image/png")}).status_code == 302
    e = CentralEvidence.objects.get()
    assert e.kind == "photo" and e.content_type == "image/jpeg" and e.thumbnail  # re-encoded as JPEG with a thumbnail
    assert ">q.png</a>" in client.get(url).content.decode()  # listed under the name it was sent with
    assert client.get(reverse("central:evidence", args=[e.pk])).status_code == 200
    client.force_login(people["coord_b"])
    assert client.get(reverse("central:evidence", args=[e.pk])).status_code == 403
    # the same photo again (a browser's Back) is there once; deleting needs the tick beside it
    client.force_login(people["coord_a"])
    client.post(url, {"result": "จัดคิวแล้ว", "e-file": SimpleUploadedFile("q.png", raw.getvalue(), "image/png")})
    assert CentralEvidence.objects.count() == 1
    client.post(url, {"action": "delete-evidence", "evidence": e.pk})
    assert CentralEvidence.objects.filter(pk=e.pk).exists()
    client.post(url, {"action": "delete-evidence", "evidence": e.pk, "confirm": "1"})
    assert not CentralEvidence.objects.filter(pk=e.pk).exists()


def test_each_piece_of_evidence_has_its_own_caption(client, assigned):
    """One caption goes on every file and link of a save; each one's can then be changed on its own,
    by the agency's coordinator only, audited."""
    m, ((a, _b, _c), people) = assigned
    mine = m.assignments.get(agency=a)
    client.force_login(people["coord_a"])
    url = reverse("central:answer", args=[mine.pk])
    client.post(url, {"result": "จัดคิวแล้ว", "e-url": "example.org/q", "e-caption": "ภาพกิจกรรม"})
    client.post(url, {"result": "จัดคิวแล้ว", "e-url": "example.org/r", "e-caption": "ภาพกิจกรรม"})
    first, second = mine.evidence.order_by("pk")
    page = client.get(url).content.decode()
    assert "แก้คำอธิบายของแต่ละรายการได้ในรายการด้านล่าง" in page and page.count('value="caption"') == 2
    saved = client.post(url, {"action": "caption", "evidence": second.pk, "caption": "  เครื่องกดบัตรคิว  "}, follow=True)
    assert "บันทึกคำอธิบายแล้ว" in saved.content.decode()
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.caption, second.caption) == ("ภาพกิจกรรม", "เครื่องกดบัตรคิว")
    entry = AuditEntry.objects.filter(object_type="central.centralevidence", action="update").latest("pk")
    assert entry.agency == a and entry.before["caption"] == "ภาพกิจกรรม" and entry.after["caption"] == "เครื่องกดบัตรคิว"
    too_long = client.post(url, {"action": "caption", "evidence": first.pk, "caption": "ก" * 256}, follow=True)
    first.refresh_from_db()
    assert first.caption == "ภาพกิจกรรม" and "ยาวได้ไม่เกิน 255 ตัวอักษร (ขณะนี้ 256 ตัวอักษร)" in too_long.content.decode()
    for who in ("director_a", "auditor"):  # readers: the caption is not theirs to change
        client.force_login(people[who])
        assert 'value="caption"' not in client.get(url).content.decode()
        assert client.post(url, {"action": "caption", "evidence": first.pk, "caption": "x"}).status_code == 403
    first.refresh_from_db()
    assert first.caption == "ภาพกิจกรรม"


def test_the_list_is_thai_and_shows_each_role_its_part(client, assigned):
    m, ((a, b, _c), people) = assigned
    client.force_login(people["central"])
    page = client.get(reverse("central:measures")).content.decode()
    assert "มาตรการส่วนกลาง" in page and "0 / 2" in page and reverse("central:compiled", args=["2565", "pdf"]) in page
    other = client.get(reverse("central:measures"), {"year": "2570"}).content.decode()  # a year without any
    assert "ปีที่มีมาตรการส่วนกลาง:" in other and 'href="?year=2565"' in other  # the way back to 2565
    assert 'name="year" value="2565"' in page  # and a box for any year, though only one has measures
    missing = client.get(reverse("central:compiled", args=["2569", "pdf"]))
    assert missing.status_code == 404 and "ยังไม่มีมาตรการส่วนกลางของปีงบประมาณ 2569" in missing.content.decode()
    client.force_login(people["coord_a"])
    page = client.get(reverse("central:measures")).content.decode()
    assert a.name_th in page and b.name_th not in page and "ยังไม่รายงานผล" in page
    assert reverse("central:compiled", args=["2565", "pdf"]) not in page
    assert client.get(reverse("central:compiled", args=["2565", "docx"])).status_code == 403


def test_the_compiled_docx_lists_every_agency_result_under_the_measure(client, assigned):
    import docx

    m, ((a, b, _c), people) = assigned
    answer = m.assignments.get(agency=a)
    central_measures.save_result(people["coord_a"], answer, "ใช้แอปพลิเคชัน BMA Q")
    # its evidence is named too (a tester found the compiled report without the two attachments)
    from PIL import Image

    raw = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(raw, "PNG")
    central_measures.add_upload(people["coord_a"], answer, SimpleUploadedFile("q.png", raw.getvalue(), "image/png"))
    central_measures.add_upload(people["coord_a"], answer, SimpleUploadedFile("คู่มือ.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"))
    central_measures.add_link(people["coord_a"], answer, "https://www.bangkok.go.th/phranakhon")
    client.force_login(people["auditor"])
    response = client.get(reverse("central:compiled", args=["2565", "docx"]))
    assert response.status_code == 200
    d = docx.Document(io.BytesIO(response.content))
    table = d.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["ประเด็นการประเมิน", "ขั้นตอนหรือวิธีการ", "ผู้รับผิดชอบ", "ผลการดำเนินการ"]
    body = "\n".join(c.text for row in table.rows[1:] for c in row.cells)
    assert ISSUE.replace("1", "๑") in body or "การปฏิบัติหน้าที่" in body
    assert ("สำนักงานเขตพระนคร: ใช้แอปพลิเคชัน BMA Q (เอกสารแนบ: ไฟล์ คู่มือ.pdf; "
            "https://www.bangkok.go.th/phranakhon; ภาพถ่าย 1 ภาพ)") in body.replace("๐", "0").replace("๑", "1")
    # those with nothing reported: named together in one last line, not a line each (a tester's 49 lines)
    assert body.index("สำนักงานเขตพระนคร:") < body.index("ยังไม่รายงานผล ๑ หน่วยงาน ได้แก่ เขตดุสิต")


def test_the_compiled_pdf_renders(client, assigned):
    m, ((a, _b, _c), people) = assigned
    central_measures.save_result(people["coord_a"], m.assignments.get(agency=a), "จัดคิวด้วยเครื่องอัตโนมัติ")
    client.force_login(people["central"])
    response = client.get(reverse("central:compiled", args=["2565", "pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = text.replace("\n", "")
    assert "เขตพระนคร: จัดคิว" in text and "ยังไม่รายงานผล ๑ หน่วยงาน ได้แก่ เขตดุสิต" in text  # (a district office by its district)


def test_no_measures_no_document(client, city):
    client.force_login(city[1]["central"])
    assert client.get(reverse("central:compiled", args=["2564", "pdf"])).status_code == 404


def test_with_no_central_measure_yet_the_list_is_of_this_fiscal_year(client, city, monkeypatch):
    """A first visit named no year, and "new central measure" opened with an empty one."""
    import datetime as dt

    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 12, 6))  # FY2570 (Oct 2026 – Sep 2027)
    client.force_login(city[1]["central"])
    page = client.get(reverse("central:measures")).content.decode()
    assert "ปีงบประมาณ พ.ศ. 2570" in page and f'{reverse("central:measure_new")}?year=2570' in page
    for year in ("99999", "2024", "x", "²"):  # not a Buddhist-era year: said, and the default year shown
        page = client.get(reverse("central:measures"), {"year": year}, follow=True)
        assert page.status_code == 200 and f"“{year}” ไม่ใช่ปีงบประมาณ พ.ศ." in page.content.decode()
        assert "ปีงบประมาณ พ.ศ. 2570" in page.content.decode()


def test_render_command_writes_the_central_report(assigned, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "central-2565.docx"
    call_command("render", "--document", "central", "--year", "2565", "--out", str(out))
    import docx

    text = "\n".join(c.text for row in docx.Document(str(out)).tables[0].rows for c in row.cells)
    assert "ยังไม่รายงานผล ๒ หน่วยงาน ได้แก่ เขตพระนคร, เขตดุสิต" in text


def test_render_command_without_central_measures_fails_cleanly(db, tmp_path, capsys):
    from django.core.management import call_command

    with pytest.raises(SystemExit) as exc:
        call_command("render", "--document", "central", "--year", "2560", "--out", str(tmp_path / "x.pdf"))
    assert exc.value.code == 2
    assert "error: --year 2560: no central measures" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
    # an --agency or --round would be ignored silently (a tester's --agency 101041): said, nothing written
    with pytest.raises(SystemExit) as exc:
        call_command("render", "--document", "central", "--year", "2560", "--agency", "101041", "--round", "6m",
                     "--out", str(tmp_path / "x.pdf"))
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "error: --agency 101041: the central report covers every agency" in err
    assert "error: reporting round: applies to the progress report only, not to the central document" in err


def test_a_coordinator_finds_the_central_measures_to_answer_in_their_list(client, assigned):
    m, ((a, b, c), people) = assigned
    client.force_login(people["coord_a"])
    home = client.get("/").content.decode()
    assert "มาตรการส่วนกลางปี 2565 ที่ต้องรายงานผล 1 มาตรการ" in home and f"?year={m.fiscal_year}" in home
    a_assignment = m.assignments.get(agency=a)
    a_assignment.result = "ดำเนินการแล้ว"
    a_assignment.save()
    assert "มาตรการส่วนกลางปี 2565 ที่ต้องรายงานผล" not in client.get("/").content.decode()
    client.force_login(people["central"])  # the central office answers nothing itself
    assert "ที่ต้องรายงานผล" not in client.get("/").content.decode()


def test_the_documents_page_offers_the_compiled_report_to_those_who_may_read_it(client, assigned):
    m, (_agencies, people) = assigned
    url = reverse("central:compiled", args=[str(m.fiscal_year), "pdf"])
    client.force_login(people["central"])
    assert url in client.get(reverse("documents:index")).content.decode()
    client.force_login(people["coord_a"])
    assert url not in client.get(reverse("documents:index")).content.decode()


def test_the_compiled_report_says_as_of_when_and_how_many_have_reported(assigned):
    """As seed 003 does: "(ณ เดือนเมษายน ๒๕๖๕)" in the introduction and the compiling office at
    the end; and a count of the assigned agencies' answers (here 1 of the 2 assigned)."""
    import datetime as dt

    m, ((a, _b, _c), people) = assigned
    central_measures.save_result(people["coord_a"], m.assignments.get(agency=a), "จัดคิวด้วยเครื่องอัตโนมัติ")
    doc = central_measures.compiled_document(2565, thai_numerals=False, today=dt.date(2022, 4, 20))
    intro, summary = doc.sections[0].paragraphs
    assert intro.endswith("ประจำปีงบประมาณ พ.ศ. 2565 (ณ เดือนเมษายน 2565) ดังนี้")
    assert summary == "มาตรการ 1 มาตรการ มอบหมายหน่วยงานรวม 2 รายการ รายงานผลแล้ว 1 รายการ ยังไม่รายงานผล 1 รายการ"
    assert doc.sections[-1].paragraphs[-2:] == ["กองวินัยและเสริมสร้างจริยธรรม สำนักงาน ก.ก.", "เมษายน 2565"]


def test_assigning_more_offers_only_the_agencies_not_assigned_yet(client, assigned):
    m, ((a, b, c), people) = assigned
    client.force_login(people["central"])
    page = client.get(reverse("central:measure", args=[m.pk])).content.decode()
    assert f'value="{c.pk}"' in page and f'name="a-agencies" value="{a.pk}"' not in page
    done = client.post(reverse("central:measure", args=[m.pk]), {"a-everyone": "on"}, follow=True).content.decode()
    assert "อีก 2 แห่งได้รับมอบหมายอยู่แล้ว" in done
    assert m.assignments.count() == 3
    # all assigned: nothing left to offer, said so, not an empty form (a tester); the city that
    # groups the district offices is never offered
    bma = agency("BMA", "กรุงเทพมหานคร")
    type(a).objects.filter(pk__in=[a.pk, b.pk, c.pk]).update(parent=bma)
    page = client.get(reverse("central:measure", args=[m.pk])).content.decode()
    assert "มอบหมายมาตรการนี้ให้ครบทุกหน่วยงานที่รับการประเมินแล้ว" in page and 'name="a-agencies"' not in page
    assert f'value="{bma.pk}"' not in client.get(reverse("central:measure_new")).content.decode()


def test_the_central_office_sees_whom_to_chase_and_takes_off_an_agency_assigned_by_mistake(client, assigned):
    """A tester assigned a measure to all 50 districts: the one answer was on page 2, there was no way
    to list those not reported, nor to take off a district assigned by mistake (it stayed "not reported"
    in the compiled report)."""
    from prongsai.people.models import AuditEntry

    m, ((a, b, _c), people) = assigned
    m.assignments.filter(agency=a).update(result="ใช้แอปพลิเคชัน BMA Q")
    client.force_login(people["central"])
    url = reverse("central:measure", args=[m.pk])
    page = client.get(url, {"show": "unreported"}).content.decode()
    assert "ยังไม่รายงานผล 1" in page and "ทั้งหมด 2" in page
    assert b.name_th in page and a.name_th not in page.split("<tbody>")[1]
    reported, mistaken = m.assignments.get(agency=a), m.assignments.get(agency=b)
    assert client.post(url, {"action": "unassign", "assignment": "x1", "confirm": "1"}).status_code == 404  # not an id
    client.post(url, {"action": "unassign", "assignment": mistaken.pk})  # one tap: not confirmed, kept
    assert m.assignments.filter(pk=mistaken.pk).exists()
    page = client.post(url, {"action": "unassign", "assignment": reported.pk, "confirm": "1"}, follow=True).content.decode()
    assert m.assignments.filter(pk=reported.pk).exists() and "รายงานผลแล้ว จึงคงผลไว้" in page  # its result stays
    client.post(url, {"action": "unassign", "assignment": mistaken.pk, "confirm": "1"})
    assert not m.assignments.filter(pk=mistaken.pk).exists()
    assert AuditEntry.objects.filter(action="delete", object_type="central.centralassignment").count() == 1
    assert "ทุกหน่วยงานรายงานผลแล้ว" in client.get(url, {"show": "unreported"}).content.decode()
    client.force_login(people["coord_a"])
    assert client.post(url, {"action": "unassign", "assignment": reported.pk, "confirm": "1"}).status_code == 403


def test_a_new_measure_starts_in_this_fiscal_year_and_a_christian_era_year_is_told_so(client, city, monkeypatch):
    """A tester opened the form directly: the year was empty, and 2026 got only "give the Buddhist-era year"."""
    import datetime as dt

    from django.utils import timezone

    _agencies, people = city
    monkeypatch.setattr(timezone, "localdate", lambda *args: dt.date(2026, 12, 6))  # fiscal year 2570
    client.force_login(people["central"])
    page = client.get(reverse("central:measure_new")).content.decode()
    assert 'name="fiscal_year" value="2570"' in page
    page = _new_measure(client, fiscal_year="2026").content.decode()
    assert "(2026 + 543 = 2569)" in page and not CentralMeasure.objects.exists()


def test_a_measure_made_by_mistake_is_deleted_until_an_agency_reports_on_it(client, assigned):
    """A tester's measure went to all 50 districts by mistake; it could be taken off one at a time only."""
    m, ((a, b, c), people) = assigned
    client.force_login(people["central"])
    url = reverse("central:measure", args=[m.pk])
    page = client.get(url).content.decode()
    assert "ลบมาตรการนี้และการมอบหมายให้หน่วยงาน 2 แห่ง (ยังไม่มีหน่วยงานใดรายงานผล)" in page
    refused = client.post(url, {"action": "delete"}, follow=True).content.decode()  # the box not ticked
    assert CentralMeasure.objects.filter(pk=m.pk).exists() and "ยืนยัน" in refused
    for who in ("coord_a", "auditor"):  # only the central office
        client.force_login(people[who])
        assert client.post(url, {"action": "delete", "confirm": "1"}).status_code == 403
    client.force_login(people["central"])
    a_answer = m.assignments.get(agency=a)
    central_measures.save_result(people["coord_a"], a_answer, "ดำเนินการแล้ว")
    page = client.get(url).content.decode()
    assert "มีหน่วยงาน 1 แห่งรายงานผลแล้ว จึงลบมาตรการนี้ไม่ได้" in page and 'value="delete"' not in page
    client.post(url, {"action": "delete", "confirm": "1"})  # a page opened before the answer
    assert CentralMeasure.objects.filter(pk=m.pk).exists()
    # nor moved to another year's report under the answers (a tester's change of year moved them silently)
    page = client.post(reverse("central:measure_edit", args=[m.pk]), {
        "fiscal_year": "2566", "issue": ISSUE, "steps": STEPS, "responsible": RESPONSIBLE, "order": "0"}).content.decode()
    assert "เปลี่ยนปีไม่ได้ ปียังคงเป็น 2565: มีหน่วยงาน 1 แห่งรายงานผลมาตรการนี้ไว้สำหรับรายงานปี 2565 แล้ว" in page
    assert CentralMeasure.objects.get(pk=m.pk).fiscal_year == 2565
    a_answer.result = ""
    a_answer.save()
    response = client.post(url, {"action": "delete", "confirm": "1"})
    assert response.status_code == 302 and response["Location"] == f"{reverse('central:measures')}?year=2565"
    assert not CentralMeasure.objects.filter(pk=m.pk).exists() and not m.assignments.exists()
    assert AuditEntry.objects.filter(object_type="central.centralmeasure", action="delete").count() == 1
    assert AuditEntry.objects.filter(object_type="central.centralassignment", action="delete").count() == 2


def test_the_central_office_asks_an_agency_to_change_its_answer(client, assigned):
    """The central office could read the districts' answers but not send one back (a tester)."""
    m, ((a, b, _c), people) = assigned
    mine, theirs = m.assignments.get(agency=a), m.assignments.get(agency=b)
    url = reverse("central:answer", args=[mine.pk])
    client.force_login(people["central"])
    page = client.post(url, {"action": "ask-change", "note": "ระบุจำนวนจุดบริการ"}, follow=True).content.decode()
    assert "หน่วยงานยังไม่ได้รายงานผล" in page and CentralAssignment.objects.get(pk=mine.pk).change_asked == ""
    central_measures.save_result(people["coord_a"], mine, "ใช้แอปพลิเคชัน BMA Q")
    assert "ขอให้หน่วยงานแก้ไขผลที่รายงาน" in client.get(url).content.decode()
    page = client.post(url, {"action": "ask-change", "note": " "}, follow=True).content.decode()
    assert "กรุณาระบุ" in page and CentralAssignment.objects.get(pk=mine.pk).change_asked == ""
    client.post(url, {"action": "ask-change", "note": "ระบุจำนวนจุดบริการ"})
    assert CentralAssignment.objects.get(pk=mine.pk).change_asked == "ระบุจำนวนจุดบริการ"
    entry = AuditEntry.objects.filter(object_type="central.centralassignment").latest("pk")
    assert entry.who == people["central"] and entry.after["change_asked"] == "ระบุจำนวนจุดบริการ"
    assert "ขอให้แก้ไขแล้ว" in client.get(reverse("central:measure", args=[m.pk])).content.decode()
    # the coordinator: in the to-do, on the answer's page; not another agency's coordinator
    client.force_login(people["coord_b"])
    assert "ระบุจำนวนจุดบริการ" not in client.get("/").content.decode()
    client.force_login(people["coord_a"])
    home = client.get("/").content.decode()
    assert f"ส่วนกลางขอให้แก้ไขผลที่รายงานของมาตรการส่วนกลาง {ISSUE} (ปี 2565)" in home and url in home
    assert "ส่วนกลางขอให้แก้ไข:" in client.get(url).content.decode()
    assert client.post(url, {"action": "ask-change", "note": "ขอเอง"}).status_code == 403  # the central office's to ask
    # a page opened before the request: its save does not answer what it never showed (a tester)
    client.post(url, {"result": "ใช้แอปพลิเคชัน BMA Q (แท็บเก่า)", "asked": ""})
    assert CentralAssignment.objects.get(pk=mine.pk).change_asked == "ระบุจำนวนจุดบริการ"
    shown = re.search(r'name="asked" value="([^"]*)"', client.get(url).content.decode()).group(1)
    client.post(url, {"result": "ใช้แอปพลิเคชัน BMA Q ที่จุดบริการ 3 จุด", "asked": shown})
    assert CentralAssignment.objects.get(pk=mine.pk).change_asked == ""
    assert "ส่วนกลางขอให้แก้ไข" not in client.get("/").content.decode()
    # withdrawn by the central office
    client.force_login(people["central"])
    client.post(url, {"action": "ask-change", "note": "อีกครั้ง"})
    client.post(url, {"action": "withdraw-change"})
    assert CentralAssignment.objects.get(pk=mine.pk).change_asked == ""
    n = AuditEntry.objects.count()
    client.post(url, {"action": "withdraw-change"})  # nothing to withdraw: nothing written
    assert AuditEntry.objects.count() == n and theirs.change_asked == ""
    page = client.post(url, {"action": "ask-change", "note": ""}, follow=True).content.decode()
    assert "กรุณาระบุว่าให้หน่วยงานแก้ไขอะไร" in page
