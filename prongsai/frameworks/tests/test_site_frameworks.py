"""A year's framework added by the central office: checked, compared with the one it follows, kept
with a copy of the measure library, used by new rounds and by `prongsai score`, removed while unused."""
import datetime as dt
import hashlib
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from prongsai.agencies.models import AssessmentRound
from prongsai.frameworks import site
from prongsai.frameworks.models import SiteFramework
from prongsai.measures.library import targets
from prongsai.measures.models import StandardMeasure
from prongsai.people.models import AuditEntry
from prongsai.scoring import PackError, available_packs, load_pack, pack_for_year
from prongsai.scoring.packs import PACK_DIR

from .files import laksi_files
from .test_score_command import args_for, run

SHIPPED = (PACK_DIR / "bma-district-2567.yaml").read_text(encoding="utf-8")


def next_years(text: str = SHIPPED, code: str = "bma-district-2569-bkk", years: str = "[2569, 2570]") -> str:
    """The shipped 2567 pack as a central office would turn it into a later year's: code and years changed."""
    text = re.sub(r"(?m)^code: .*$", f"code: {code}", text, count=1)
    return re.sub(r"(?m)^fiscal_years: .*$", f"fiscal_years: {years}", text, count=1)


def reweighted(text: str) -> str:
    """IIT 35 %, OIT 35 % instead of 30 and 40; question I12 dropped (from its indicator too)."""
    text = text.replace("- code: IIT\n  kind: survey\n  weight: 30", "- code: IIT\n  kind: survey\n  weight: 35", 1)
    text = text.replace("- code: OIT\n  kind: checklist\n  weight: 40", "- code: OIT\n  kind: checklist\n  weight: 35", 1)
    assert text.count("weight: 35") == 2
    text = text.replace("[I11, I12]", "[I11]", 1)
    start = text.index("- code: I12\n")
    end = text.index("- code: E1\n", start)
    return text[:start] + text[end:]


def test_the_engine_knows_a_sites_packs_only_through_the_two_functions_it_is_given(monkeypatch):
    """Free of Django: whatever `use_site_packs` is given is listed, loaded and chosen for its years."""
    from prongsai.scoring import packs

    texts = {"bma-district-2569-bkk": next_years()}
    monkeypatch.setattr(packs, "_site_codes", lambda: list(texts))
    monkeypatch.setattr(packs, "_site_text", texts.get)
    assert available_packs() == ["bma-district-2566", "bma-district-2567", "bma-district-2569-bkk"]
    assert pack_for_year(2570).code == "bma-district-2569-bkk" and pack_for_year(2568).code == "bma-district-2567"
    assert load_pack("bma-district-2569-bkk").question_codes() == load_pack("bma-district-2567").question_codes()
    with pytest.raises(PackError, match="unknown framework 'x'; known frameworks: bma-district-2566, bma-district-2567, bma-district-2569-bkk"):
        load_pack("x")


@pytest.mark.django_db
def test_a_framework_for_years_another_covers_is_compared_with_that_one():
    """A tester's unchanged copy of bma-district-2567 for 2567–2568 was compared with 2566's framework:
    O1–O22 "changed", O23–O30 "removed". It replaces 2567's for those years: compared with it, nothing."""
    with translation.override("en"):
        checked = site.check("bma-district-2568-bkk.yaml", next_years(code="bma-district-2568-bkk", years="[2567, 2568]"))
    assert checked.base.code == "bma-district-2567" and set(checked.shared_years) == {2567, 2568}
    assert [c for c in checked.changes if not c.startswith("Its name")] == []


@pytest.mark.django_db
def test_a_checked_framework_says_what_it_changes_and_which_years_it_takes():
    with translation.override("en"):
        checked = site.check("bma-district-2569-bkk.yaml", reweighted(next_years()))
    assert checked.base.code == "bma-district-2567"  # the framework of 2568, the year before its first
    assert checked.changes == [
        "Its name mentions fiscal years 2567, 2568, but it covers 2569, 2570: correct the name?",
        "IIT weight: 30% → 35%", "OIT weight: 40% → 35%",
        "Indicators changed: 5", "Questions (text, title, scale or polarity) removed: I12",
    ]
    assert checked.overlaps() == [] and checked.defaults == {2569: "bma-district-2569-bkk", 2570: "bma-district-2569-bkk"}
    with translation.override("en"):
        same = site.check("x.yaml", next_years(code="bma-district-2568b", years="[2568]"))
    assert same.overlaps() == [(2568, "bma-district-2567", "bma-district-2568b")]
    # the only change: its copied name still says 2567-2568 while it covers 2568 alone
    assert same.changes == ["Its name mentions fiscal years 2567, but it covers 2568: correct the name?"]
    # E3 copied from a pack saved before questions had titles: its six lines would fill the plan's cell
    untitled = re.sub(r"\n  title:  # as the results report names it\n(    .*\n)+?(?=- code:)", "\n", next_years())
    with translation.override("en"):
        checked = site.check("z.yaml", untitled)
    assert checked.changes[0] == ("E3: its text is several lines and it has no title, so the plan and the reports "
                                  "print every line: give it a title, its name in one line?")
    assert "Questions (text, title, scale or polarity) changed: E3" in checked.changes
    # levels by their names and rules, not their codes (a tester read "improve")
    stricter = next_years().replace("  min_ita: 70", "  min_ita: 75", 1)
    with translation.override("th"):
        checked = site.check("y.yaml", stricter)
    assert "ระดับ ต้องปรับปรุง: ITA ≥ 70 → ITA ≥ 75" in checked.changes


@pytest.mark.django_db
@pytest.mark.parametrize("text,problem", [
    ("", "x.yaml: the file is empty"),
    (SHIPPED, "x.yaml: code: bma-district-2567 is of the form kept for the frameworks that come with Prongsai"),
    (next_years(code="bma-district-2571"), "x.yaml: code: bma-district-2571 is of the form kept"),  # a release may ship it
    (next_years(code="BMA 2569"), "x.yaml: code: 'BMA 2569': use up to 64 lowercase letters"),
    (next_years(years="[2026]"), "x.yaml: fiscal_years: 2026 is not a Buddhist-era fiscal year (e.g. 2567)"),
    (next_years().replace("weight: 40", "weight: 45"), "x.yaml: tools: the weights sum to 105, not 100"),
    ("code: [", "x.yaml: not valid YAML"),
])
def test_a_bad_pack_is_refused_with_the_file_and_the_field(text, problem):
    with pytest.raises(PackError) as caught, translation.override("en"):
        site.check("x.yaml", text)
    assert str(caught.value).startswith(problem)


@pytest.mark.django_db
def test_a_packs_shape_problems_are_said_in_thai_each_at_its_field():
    from prongsai.frameworks.problems import said

    text = next_years().replace("weight: 40", "weight: 0").replace("kind: survey", "kind: form", 1)
    with pytest.raises(PackError) as caught, translation.override("en"):
        site.check("x.yaml", text)
    with translation.override("th"):
        lines = said(caught.value)
    kind, weight = (text.splitlines().index(line) + 1 for line in ("  kind: form", "  weight: 0"))  # the file's lines
    assert len(lines) == 2
    assert lines[0].startswith("x.yaml ช่อง tools.IIT.kind (")
    assert lines[0].endswith(f"ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้ 'checklist', 'survey' (บรรทัดที่ {kind})")
    assert lines[1].startswith("x.yaml ช่อง tools.OIT.weight (") and lines[1].endswith(f": ต้องมากกว่า 0 (บรรทัดที่ {weight})")


@pytest.mark.django_db
def test_adding_keeps_it_audited_copies_the_fitting_library_and_new_rounds_of_its_years_use_it():
    text = reweighted(next_years())
    pack = load_pack("bma-district-2567")
    fitting = [m.key for m in StandardMeasure.objects.filter(framework=pack.code).order_by("key")
               if m.target != "I12"]  # every target of 2567 but the dropped question stays
    assert fitting and len(fitting) < StandardMeasure.objects.filter(framework=pack.code).count()
    framework, copied = site.add("bma-district-2569-bkk.yaml", text, None, "bma-district-2567")
    assert copied == len(fitting)
    assert sorted(StandardMeasure.objects.filter(framework="bma-district-2569-bkk").values_list("key", flat=True)) == fitting
    new = load_pack("bma-district-2569-bkk")
    assert set(StandardMeasure.objects.filter(framework=new.code).values_list("target", flat=True)) <= set(targets(new))
    assert pack_for_year(2570).code == "bma-district-2569-bkk" and SiteFramework.objects.get().text == text
    entry = AuditEntry.objects.get(object_type="frameworks.siteframework")
    assert entry.action == AuditEntry.CREATE and entry.after["fiscal_years"] == [2569, 2570]
    assert len(entry.after["sha256"]) == 64 and "text" not in entry.after  # not 60 KB of YAML in the log
    rnd = AssessmentRound(agency=_agency(), fiscal_year=2570, framework=new.code)
    rnd.full_clean()
    rnd.save()
    assert [t.weight for t in rnd.pack.tools] == [35, 30, 35]
    with pytest.raises(PackError, match="in use: 1 assessment round uses it"), translation.override("en"):
        site.remove(framework)
    rnd.delete()
    site.remove(framework)
    assert SiteFramework.objects.get().removed_at is not None  # kept, marked: its code is never reused
    assert not StandardMeasure.objects.filter(framework=new.code).exists()
    assert "bma-district-2569-bkk" not in available_packs()
    with pytest.raises(PackError, match="or did: a code is never used twice"), translation.override("en"):
        site.add("again.yaml", next_years(), None)
    # the text of a pack posted back by a browser (CRLF) is stored, and hashed, as the file's
    crlf, _copied = site.add("b.yaml", next_years(code="bma-2570-bkk", years="[2570]").replace("\n", "\r\n"))
    assert "\r" not in crlf.text
    [created] = [e for e in AuditEntry.objects.filter(object_type="frameworks.siteframework", action=AuditEntry.CREATE)
                 if e.after["code"] == "bma-2570-bkk"]
    assert created.after["sha256"] == hashlib.sha256(next_years(code="bma-2570-bkk", years="[2570]").encode()).hexdigest()


@pytest.mark.django_db
def test_a_stored_pack_that_no_longer_loads_breaks_no_page(client):
    """A later release checks packs more strictly: the frameworks list and the round form must still
    open, and the broken pack be shown and removable (the reviewer got two 500s)."""
    from prongsai.people.tests.factories import role_users

    home = _agency()
    people = role_users(home, None)
    SiteFramework.objects.create(code="bma-broken-bkk", text=next_years(code="bma-broken-bkk").replace("weight: 40", "weight: 45"))
    client.force_login(people["central"])
    page = client.get(reverse("frameworks:index"))
    assert page.status_code == 200 and "bma-broken-bkk" in page.content.decode()
    assert "น้ำหนักของเครื่องมือการประเมินรวมกันได้ 105 ต้องรวมกันได้ 100" in page.content.decode()  # said in Thai
    client.force_login(people["coordinator"])
    assert client.get(reverse("surveys:round_new")).status_code == 200
    assert pack_for_year(2568).code == "bma-district-2567"


def _agency():
    from prongsai.people.tests.factories import agency

    return agency("101041")


@pytest.mark.django_db
def test_the_central_office_adds_a_year_on_the_page_after_seeing_what_it_holds(client, monkeypatch):
    from prongsai.people.tests.factories import role_users

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 12, 6))  # fiscal year 2570

    home = _agency()
    people = role_users(home, None)
    client.force_login(people["coordinator"])
    page = client.get(reverse("frameworks:index")).content.decode()
    assert "bma-district-2567" in page and 'type="file"' not in page  # read, not added to
    upload = SimpleUploadedFile("bma-district-2569-bkk.yaml", reweighted(next_years()).encode(), "application/yaml")
    assert client.post(reverse("frameworks:add"), {"file": upload}).status_code == 403
    # today (December 2026, FY2570) nothing covers the year: the rounds page sends to the list
    assert reverse("frameworks:index") in client.get(reverse("surveys:round_new")).content.decode()

    client.force_login(people["central"])
    page = client.get(reverse("frameworks:index")).content.decode()
    # last year too: its published results are imported once it is over (a tester found 2569 never offered)
    assert "ยังไม่มีกรอบการประเมินที่ครอบคลุมปีงบประมาณ พ.ศ. 2569 2570 และ 2571" in page and 'type="file"' in page
    bad = SimpleUploadedFile("x.yaml", next_years().replace("weight: 40", "weight: 45").encode())
    response = client.post(reverse("frameworks:add"), {"file": bad})
    # in Thai, naming the section and what the sum is (a tester: English, "do not sum", counted from 0)
    assert response.status_code == 400 and ("x.yaml ช่อง tools (เครื่องมือการประเมิน): น้ำหนักของเครื่องมือการประเมิน"
                                            "รวมกันได้ 105 ต้องรวมกันได้ 100") in response.content.decode()
    bad = SimpleUploadedFile("x.yaml", next_years().replace("min_ita: 85", "min_ita: 185").encode())
    page = client.post(reverse("frameworks:add"), {"file": bad}).content.decode()
    assert "x.yaml ช่อง levels.good.min_ita (ระดับผลการประเมิน): ต้องไม่เกิน 100" in page
    upload.seek(0)
    response = client.post(reverse("frameworks:add"), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200 and not SiteFramework.objects.exists()  # checked, not added
    assert "IIT weight: 30% → 35%" in page or "น้ำหนัก IIT: 30% → 35%" in page
    assert 'value="bma-district-2567"' in page  # the library to copy
    response = client.post(reverse("frameworks:add"), {"name": "bma-district-2569-bkk.yaml", "text": reweighted(next_years()),
                                                      "library": "bma-district-2567"})
    assert response.status_code == 302 and SiteFramework.objects.get().added_by == people["central"]
    # Back, then the button again: it is there already, said so (not "the file has problems")
    again = client.post(reverse("frameworks:add"), {"name": "bma-district-2569-bkk.yaml", "text": reweighted(next_years()),
                                                   "library": "bma-district-2567"}, follow=True)
    assert "เพิ่มกรอบการประเมิน bma-district-2569-bkk ไว้แล้วเมื่อ" in again.content.decode()
    assert SiteFramework.objects.count() == 1
    assert StandardMeasure.objects.filter(framework="bma-district-2569-bkk").exists()
    # the YAML downloads as it was given; the coordinator can now start this year's round with it
    download = client.get(reverse("frameworks:download", args=["bma-district-2569-bkk"]))
    assert download.content.decode() == reweighted(next_years())
    assert client.get(reverse("frameworks:download", args=["bma-district-2567"])).content.decode() == SHIPPED
    client.force_login(people["coordinator"])
    response = client.post(reverse("surveys:round_new"), {"agency": home.pk, "fiscal_year": 2570})
    assert response.status_code == 302
    assert AssessmentRound.objects.get(fiscal_year=2570).framework == "bma-district-2569-bkk"
    # in use now: the central office cannot remove it
    client.force_login(people["central"])
    assert "remove" not in client.get(reverse("frameworks:index")).content.decode()
    client.post(reverse("frameworks:remove", args=["bma-district-2569-bkk"]), {"confirm": "1"})
    assert SiteFramework.objects.exists()


@pytest.mark.django_db
def test_the_central_office_carries_a_framework_forward_to_the_uncovered_years_in_two_clicks(client, monkeypatch):
    """On 6 December 2026 (FY2570) no framework covers 2569 (just over), 2570 or 2571: the form offers the
    latest framework for those years, named for them; checked like an upload, added on confirmation."""
    from prongsai.people.tests.factories import role_users

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 12, 6))

    home = _agency()
    people = role_users(home, None)
    client.force_login(people["coordinator"])
    assert client.post(reverse("frameworks:carry"), {"base": "bma-district-2567"}).status_code == 403
    client.force_login(people["central"])
    page = client.get(reverse("frameworks:index")).content.decode()
    assert 'value="2569, 2570, 2571"' in page and 'value="bma-district-2569-bkk"' in page
    assert "ปีงบประมาณ พ.ศ. 2569-2571" in page and "fiscal years 2569-2571 (2026-2028)" in page  # the names, for the years
    form = {"base": "bma-district-2567", "years": "2570, 2571", "code": "bma-district-2570-bkk",
            "name_th": load_pack("bma-district-2567").name.th.replace("2567-2568", "2570-2571"),
            "name_en": "ITA of Bangkok district offices, fiscal years 2570-2571"}
    for bad, problem in ((dict(years="2026"), "(2026 + 543 = 2569)"), (dict(code="bma-district-2570"), "bma-district-2570-bkk"),
                         (dict(base="nonesuch"), "nonesuch"), (dict(code="BMA_2570"), "ใช้ได้เฉพาะอักษรภาษาอังกฤษตัวพิมพ์เล็ก"),
                         (dict(code="bma-district-2567"), "มีกรอบการประเมินรหัส bma-district-2567 อยู่แล้ว"),
                         (dict(years="2570 2571 2572 2573"), "ระบุได้ไม่เกิน 3 ปีงบประมาณ")):
        response = client.post(reverse("frameworks:carry"), {**form, **bad})
        assert response.status_code == 400 and problem in response.content.decode(), bad
    response = client.post(reverse("frameworks:carry"), form)
    page = response.content.decode()
    assert response.status_code == 200 and not SiteFramework.objects.exists()  # checked, not added
    assert "ผลการตรวจสอบ: ยังไม่ได้เพิ่มสิ่งใด" in page
    assert "ต่างกันเพียงรหัส ปี ชื่อ หรือหมายเหตุ" in page  # the same criteria, and no name naming other years
    assert "ชื่อกรอบการประเมินยังระบุปีงบประมาณ" not in page
    text = re.search(r'<textarea name="text" hidden>(.*?)</textarea>', page, re.S).group(1)
    from html import unescape

    response = client.post(reverse("frameworks:add"), {"name": "bma-district-2570-bkk.yaml", "text": unescape(text),
                                                      "library": "bma-district-2567"})
    assert response.status_code == 302
    pack = load_pack("bma-district-2570-bkk")
    shipped = load_pack("bma-district-2567")
    assert pack.fiscal_years == [2570, 2571] and pack.name.en == form["name_en"]
    assert (pack.tools, pack.questions, pack.oit_items, pack.levels) == (shipped.tools, shipped.questions, shipped.oit_items, shipped.levels)
    assert pack_for_year(2570).code == "bma-district-2570-bkk"
    assert StandardMeasure.objects.filter(framework="bma-district-2570-bkk").count() == \
        StandardMeasure.objects.filter(framework="bma-district-2567").count()
    client.force_login(people["coordinator"])  # the coordinator can now start this year's round
    assert "1 ต.ค. 2569 – 30 ก.ย. 2570" in client.get(reverse("surveys:round_new")).content.decode()
    assert client.post(reverse("surveys:round_new"), {"agency": home.pk, "fiscal_year": 2570}).status_code == 302
    assert AssessmentRound.objects.get(fiscal_year=2570).framework == "bma-district-2570-bkk"
    client.force_login(people["central"])
    # the form offers next what is not covered yet (2569, just over), with a code not used yet, named for one year
    page = client.get(reverse("frameworks:index")).content.decode()
    assert 'value="2569"' in page and 'value="bma-district-2569-bkk"' in page and "offices, fiscal year 2569\"" in page
    # the audit log names what it keeps in Thai, not by its keys (a tester read "Sha256:", "Fiscal_years:")
    log = client.get(reverse("people:audit")).content.decode()
    for label in ("ปีงบประมาณ", "ค่าตรวจสอบไฟล์ (SHA-256)"):
        assert f">{label}</span>:" in log, label
    assert "Sha256" not in log and "Fiscal_years" not in log and ">ID</span>" not in log


@pytest.mark.django_db
def test_add_framework_command_checks_adds_and_refuses_with_exit_status_2(tmp_path):
    path = tmp_path / "bma-district-2569-bkk.yaml"
    path.write_text(next_years(), encoding="utf-8")
    out = io.StringIO()
    call_command("add_framework", str(path), "--check", stdout=out)
    assert "bma-district-2569-bkk, fiscal years 2569, 2570" in out.getvalue() and not SiteFramework.objects.exists()
    assert "compared with bma-district-2567, the framework it follows:" in out.getvalue()  # as the web page says it
    stale = tmp_path / "bma-district-2571-bkk.yaml"  # a copy whose name still says its old years (a tester's)
    stale.write_text(next_years(code="bma-district-2571-bkk", years="[2571]"), encoding="utf-8")
    out = io.StringIO()
    call_command("add_framework", str(stale), "--check", stdout=out)
    assert "Its name mentions fiscal years 2567, 2568, but it covers 2571: correct the name?" in out.getvalue()
    err = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("add_framework", str(path), "--library-from", "nope", stderr=err)
    assert exited.value.code == 2 and not SiteFramework.objects.exists()
    assert "unknown framework nope; known frameworks: bma-district-2566, bma-district-2567" in err.getvalue()
    out = io.StringIO()
    call_command("add_framework", str(path), "--library-from", "bma-district-2567", stdout=out)
    assert "added bma-district-2569-bkk" in out.getvalue()
    err = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("add_framework", str(path), stderr=err)
    assert exited.value.code == 2 and "error: bma-district-2569-bkk.yaml: code: framework bma-district-2569-bkk exists already" in err.getvalue()


def test_score_takes_a_pack_file_and_scores_as_with_its_code(tmp_path):
    """A site's framework, downloaded as YAML, scores from the shell: the shipped pack's own text
    given as a file gives the same bytes as its code."""
    files = laksi_files(tmp_path)
    (tmp_path / "bma-district-2567.yaml").write_text(SHIPPED, encoding="utf-8")
    by_code = run("--framework", "bma-district-2567", *args_for(files))
    by_file = run("--framework", str(tmp_path / "bma-district-2567.yaml"), *args_for(files))
    assert by_code[0] == 0 and by_file == by_code and json.loads(by_file[1])["agencies"][0]["ita"] is not None
    code, _out, err = run("--framework", str(tmp_path / "missing.yaml"), *args_for(files))
    assert code == 2 and err.strip() == "error: missing.yaml: cannot be read: No such file or directory"
    # a copy saved before questions had titles (names the documents print, not scored) is the official one
    untitled = re.sub(r"\n  title:  # as the results report names it\n(    .*\n)+?(?=- code:)", "\n", SHIPPED)
    assert "title:" not in untitled and untitled != SHIPPED
    (tmp_path / "saved-2025.yaml").write_text(untitled, encoding="utf-8")
    assert run("--framework", str(tmp_path / "saved-2025.yaml"), *args_for(files)) == by_code
    # a changed file under a shipped code would print JSON that passes for the official framework's
    (tmp_path / "fake.yaml").write_text(reweighted(SHIPPED), encoding="utf-8")
    code, out, err = run("--framework", str(tmp_path / "fake.yaml"), *args_for(files))
    assert (code, out) == (2, "") and "code: bma-district-2567 is a framework that comes with Prongsai" in err
    (tmp_path / "broken.yaml").write_text("code: x\nfiscal_years: [2569, 2570\nname: y\n", encoding="utf-8")
    code, _out, err = run("--framework", str(tmp_path / "broken.yaml"), *args_for(files))
    assert err.strip() == "error: broken.yaml: not valid YAML: line 3, column 5: expected ',' or ']', but got ':'"
