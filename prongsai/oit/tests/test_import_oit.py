"""prongsai import-oit: O.csv verdicts and URLs, all or nothing."""
import pytest
from django.core.management import call_command

from prongsai.agencies.models import Agency, AssessmentRound
from prongsai.oit.models import Disclosure, DisclosureEvent, Status
from prongsai.reports.scores import round_breakdown


def write(tmp_path, text, name="O.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*args):
    with pytest.raises(SystemExit) as exc:
        call_command("import_oit", *args)
    return exc.value.code


@pytest.mark.django_db
def test_import_creates_agency_round_and_records(tmp_path, capsys):
    path = write(tmp_path, "agency_code,item,result,url\n900001,O1,pass,https://example.org/o1\n900001,O2,fail,\n900001,O3,50,\n")
    # a new agency may be a typo of a known code (a tester's 999999 joined the city's table): added only when asked
    assert run(str(path), "--year", "2568") == 2 and not Agency.objects.filter(code="900001").exists()
    assert capsys.readouterr().err == ("error: O.csv row 2, column agency_code: no agency '900001' here (a typo? "
                                       "import-oit --new-agencies adds it); also rows 3, 4\n")
    call_command("import_oit", str(path), "--year", "2568", "--new-agencies")
    assert capsys.readouterr().out == "900001 2568: 3 OIT verdicts on record (new agency); changed 3: O1, O2, O3\n"
    call_command("import_oit", str(path), "--year", "2568")  # the same again: said to have done nothing
    assert capsys.readouterr().out == "900001 2568: 3 OIT verdicts on record; nothing changed\n"
    call_command("import_oit", str(path), "--year", "2567")
    assert capsys.readouterr().out == "900001 2567: 3 OIT verdicts on record (new round); changed 3: O1, O2, O3\n"
    call_command("import_oit", str(write(tmp_path, "agency_code,item,result\n900001,O2,pass\n", "O2.csv")), "--year", "2567")
    assert capsys.readouterr().out == "900001 2567: 3 OIT verdicts on record; changed 1: O2\n"  # what the file did (a tester)
    rnd = AssessmentRound.objects.get(agency__code="900001", fiscal_year=2568)
    assert rnd.framework == "bma-district-2567"
    items = {d.item: d for d in Disclosure.objects.filter(round=rnd)}
    assert len(items) == 22  # every item of the pack has a record
    assert items["O1"].status == Status.PASSED and items["O1"].score == 100
    assert items["O1"].links == ["https://example.org/o1"] and items["O1"].url == "https://example.org/o1"
    assert items["O2"].status == Status.FAILED and items["O2"].score == 0
    assert items["O3"].status == Status.FAILED and items["O3"].score == 50
    assert items["O4"].status == Status.DRAFT and items["O4"].score is None
    event = DisclosureEvent.objects.get(disclosure=items["O1"])
    assert event.action == "import" and event.actor is None
    assert event.before["status"] == "draft" and event.after["status"] == "passed"
    # O1 passed, O2..O4 of 9.1 not: 9.1 = 25, other sub-indicators 0 except O3 (9.1 too)
    assert round_breakdown(rnd).tools["OIT"].score is not None


@pytest.mark.django_db
def test_reimport_changes_only_what_changed(tmp_path):
    path = write(tmp_path, "agency_code,item,result\n900001,O1,fail\n")
    call_command("import_oit", str(path), "--year", "2568", "--new-agencies")
    call_command("import_oit", str(path), "--year", "2568")
    d = Disclosure.objects.get(round__agency__code="900001", item="O1")
    assert d.events.count() == 1
    call_command("import_oit", str(write(tmp_path, "agency_code,item,result\n900001,O1,pass\n")), "--year", "2568")
    assert d.events.count() == 2 and d.events.first().after == {"score": "100", "status": "passed"}


@pytest.mark.django_db
def test_bad_file_writes_nothing_and_names_rows(tmp_path, capsys):
    path = write(
        tmp_path,
        "agency_code,item,result,url\n900001,O1,pass,\n900001,O99,pass,\n900002,O2,maybe,\n900002,O3,pass,ftp://x\n",
    )
    assert run(str(path), "--year", "2568") == 2
    err = capsys.readouterr().err.splitlines()
    assert "error: O.csv row 3, column item: unknown OIT item 'O99' in framework bma-district-2567" in err
    assert any(line.startswith("error: O.csv row 4, column result:") for line in err)
    assert any(line.startswith("error: O.csv row 5, column url:") for line in err)
    assert not Agency.objects.filter(code__startswith="9000").exists()
    assert not Disclosure.objects.exists()


@pytest.mark.django_db
def test_year_without_pack_is_an_error(tmp_path, capsys):
    path = write(tmp_path, "agency_code,item,result\n900001,O1,pass\n")
    assert run(str(path), "--year", "2500") == 2
    assert capsys.readouterr().err.startswith("error: O.csv:")
    assert not AssessmentRound.objects.exists()


@pytest.mark.django_db
def test_missing_file_is_an_error(tmp_path, capsys):
    assert run(str(tmp_path / "nope.csv"), "--year", "2568") == 2
    assert "error: nope.csv: cannot be read" in capsys.readouterr().err


@pytest.mark.django_db
def test_a_published_official_report_is_not_changed_by_an_oit_file(laksi_round, tmp_path, capsys):
    """A reviewer passed a failed item of Lak Si's imported report with an O.csv: the official ITA moved."""
    before = round_breakdown(laksi_round)
    path = write(tmp_path, "agency_code,item,result\n101041,O10,pass\n101041,O11,pass\n101041,O12,pass\n")
    assert run(str(path), "--year", "2567") == 2
    assert capsys.readouterr().err == ("error: O.csv row 2, column agency_code: the 2567 results of 101041 are a published "
                                       "official report (prongsai import-report); its OIT verdicts are not changed; "
                                       "also rows 3, 4\n")  # once, with its rows (a reviewer: one line a row)
    assert round_breakdown(laksi_round).ita == before.ita
    assert Disclosure.objects.get(round=laksi_round, item="O10").score == 0


@pytest.mark.django_db
def test_import_onto_an_imported_round_keeps_scores_in_step(laksi_assessing, tmp_path):
    laksi_round = laksi_assessing  # its published OIT score removed: a round still being assessed
    before = round_breakdown(laksi_round)
    path = write(tmp_path, "agency_code,item,result\n101041,O10,pass\n")
    call_command("import_oit", str(path), "--year", "2567")
    after = round_breakdown(laksi_round)
    assert after.ita - before.ita == pytest.approx(1.5)
    # the published import's verdicts gained statuses through one "import" event each
    o1 = Disclosure.objects.get(round=laksi_round, item="O1")
    assert o1.status == Status.PASSED and o1.events.get().actor is None
