"""Importing a published report: the Lak Si fixture, and bad files saving nothing."""
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from prongsai.agencies.models import Agency, AssessmentRound
from prongsai.reports.scores import round_breakdown
from prongsai.scoring.tests.fixture import FIXTURE_PATH, laksi
from prongsai.surveys.models import OptionCount, PublishedScore, RespondentTally

pytestmark = pytest.mark.django_db


def test_the_fixture_imports_and_scores_as_published(laksi_round):
    doc = laksi()
    b = round_breakdown(laksi_round)
    assert b.ita == Decimal(str(doc["published"]["ita_total_derived"]))
    assert b.level.name.th == doc["published"]["level_th"]
    assert b.tools["IIT"].respondents == 570 and b.tools["EIT"].respondents == 612
    assert any(w.startswith("E1:") for w in b.warnings)
    assert laksi_round.agency.units.count() == 11
    unit = PublishedScore.objects.get(round=laksi_round, code="IIT", unit__name_th="ฝ่ายโยธา")
    assert (unit.score, unit.respondents) == (Decimal("97.92"), 44)
    assert RespondentTally.objects.get(round=laksi_round, tool="EIT", language="th").count == 612
    gender = OptionCount.objects.get(round=laksi_round, tool="IIT", question="gender", option=3)
    assert gender.count == 2


def test_reimport_replaces_rather_than_doubles(laksi_round):
    from prongsai.surveys.published import import_published_report

    before = OptionCount.objects.count()
    import_published_report(FIXTURE_PATH, replace=True)
    assert OptionCount.objects.count() == before
    assert AssessmentRound.objects.count() == 1


def _refused(path, doc) -> list[str]:
    """`prongsai import-report` of `doc` saved as `path`: it must exit 2; its error lines."""
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("import_report", str(path), stderr=err)
    assert exit_.value.code == 2
    return err.getvalue().splitlines()


def test_a_bad_report_saves_nothing_and_exits_2(tmp_path):
    doc = laksi()
    doc["questions"]["IIT"][0]["counts"] = [1, 2, 3]
    doc["questions"]["EIT"][2]["published_score"] = 120
    doc["units"][0]["unit_th"] = "ฝ่ายไม่มีจริง"
    lines = _refused(tmp_path / "bad.json", doc)
    assert "error: bad.json: questions.IIT.0.counts: expected 6 whole numbers 0–2,000,000,000" in lines
    assert "error: bad.json: questions.EIT.2.published_score: 120 is outside 0–100" in lines
    assert "error: bad.json: units.0.unit_th: unknown unit 'ฝ่ายไม่มีจริง'" in lines
    assert Agency.objects.count() == 0 and OptionCount.objects.count() == 0


def test_a_report_giving_a_figure_twice_or_impossible_counts_is_refused(tmp_path):
    """Each of these was once accepted with exit 0: a repeated question added its counts to the
    first's, a repeated unit silently won, a negative count reached the database."""
    doc = laksi()
    doc["questions"]["IIT"].append({**doc["questions"]["IIT"][0], "published_score": 10})
    doc["questions"]["OIT"].append(doc["questions"]["OIT"][3])
    doc["units"].append({**doc["units"][0], "iit_score": 50})
    doc["units"][1]["iit_n"] = -4
    doc["service_types"].append(doc["service_types"][0])
    doc["respondents"]["by_tool_gender"]["IIT"]["รวม"] = 999
    doc["respondents"]["eit_by_language"]["en"] = "many"
    first_key = next(iter(doc["demographics"]["IIT"]))
    doc["demographics"]["IIT"][first_key][0]["count"] = -1
    lines = _refused(tmp_path / "twice.json", doc)
    n_iit, n_oit, n_units, n_services = (len(doc["questions"]["IIT"]) - 1, len(doc["questions"]["OIT"]) - 1,
                                         len(doc["units"]) - 1, len(doc["service_types"]) - 1)
    unit, service = doc["units"][0]["unit_th"], doc["service_types"][0]["service_type_th"]
    assert lines == [
        f"error: twice.json: questions.IIT.{n_iit}.code: 'I1' is given twice (also at questions.IIT.0.code)",
        f"error: twice.json: questions.OIT.{n_oit}.code: 'O4' is given twice (also at questions.OIT.3.code)",
        "error: twice.json: respondents.by_tool_gender.IIT: the genders add up to 570, not รวม 999",
        "error: twice.json: respondents.eit_by_language.en: 'many' is not a whole number 0–2,000,000,000",
        f"error: twice.json: demographics.IIT.{first_key}.0.count: -1 is not a whole number 0–2,000,000,000",
        "error: twice.json: units.1.iit_n: -4 is not a whole number 0–2,000,000,000",
        f"error: twice.json: units.{n_units}.unit_th: {unit!r} is given twice (also at units.0.unit_th)",
        f"error: twice.json: service_types.{n_services}.service_type_th: {service!r} is given twice "
        "(also at service_types.0.service_type_th)",
    ]
    assert Agency.objects.count() == 0 and OptionCount.objects.count() == 0


@pytest.mark.parametrize("content, message", [(b"", "the file is empty"), (b"  \n", "the file is empty")])
def test_an_empty_report_says_so(tmp_path, content, message):
    path = tmp_path / "report.json"
    path.write_bytes(content)
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("import_report", str(path), stderr=err)
    assert exit_.value.code == 2 and err.getvalue() == f"error: report.json: {message}\n"


def test_not_json(tmp_path):
    path = tmp_path / "report.json"
    path.write_bytes(b"\xff\xfe not json")
    with pytest.raises(SystemExit) as exit_:
        call_command("import_report", str(path), stderr=io.StringIO())
    assert exit_.value.code == 2


def test_reimport_keeps_oit_links_and_history(laksi_round):
    from prongsai.oit.models import Disclosure, DisclosureEvent
    from prongsai.oit.services import save_details
    from prongsai.surveys.published import import_published_report

    o10 = Disclosure.objects.get(round=laksi_round, item="O10")
    Disclosure.objects.filter(pk=o10.pk).update(urls=["https://example.go.th/revenue-2567"])
    events = DisclosureEvent.objects.filter(disclosure=o10).count()
    import_published_report(FIXTURE_PATH, replace=True)
    o10.refresh_from_db()
    assert o10.urls == ["https://example.go.th/revenue-2567"]
    assert o10.score == 0
    assert DisclosureEvent.objects.filter(disclosure=o10).count() >= events
    assert save_details  # the workflow module is what the import goes through


def _import(tmp_path, doc, *args):
    path = tmp_path / "report.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_report", str(path), *args, stdout=out, stderr=err)
        return 0, err.getvalue()
    except SystemExit as exc:
        return exc.code, err.getvalue()


@pytest.mark.parametrize("change, problem", [
    (lambda d: d.update(questions=[]), "report.json: questions: expected a mapping of names to values"),
    (lambda d: d["questions"]["IIT"].__setitem__(0, "I1"), "report.json: questions.IIT.0: expected a mapping of names to values"),
    (lambda d: d["units"][0].__setitem__("unit_th", None) or d["units"].__setitem__(1, None),
     "report.json: units.1: expected a value, not null"),
    (lambda d: d["demographics"].__setitem__("IIT", None), None),
    (lambda d: d["questions"]["IIT"][0].__setitem__("counts", [10**30, 0, 0, 0, 0, 0]),
     "report.json: questions.IIT.0.counts: expected 6 whole numbers 0–2,000,000,000"),
    # a figure unreadable in the PDF typed as null, a count as text, beside a published score: summed, it crashed
    (lambda d: d["questions"]["IIT"][0].update(counts=[12, None, 0, 0, 0, 0], published_score=90),
     "report.json: questions.IIT.0.counts: expected 6 whole numbers 0–2,000,000,000"),
    (lambda d: d["questions"]["IIT"][0].update(counts=[12, "12", 0, 0, 0, 0], published_score=90),
     "report.json: questions.IIT.0.counts: expected 6 whole numbers 0–2,000,000,000"),
    (lambda d: d["units"][0].__setitem__("iit_n", 2**40), "report.json: units.0.iit_n: 1099511627776 is not a whole number"),
    (lambda d: d.pop("questions"), "report.json: questions: missing: a report without its question figures"),
    (lambda d: d["agency"].__setitem__("fiscal_year_ce", 2023), "report.json: agency.fiscal_year_ce: 2023 is not fiscal year 2567"),
    (lambda d: d["agency"].__setitem__("fiscal_year_be", "2567"),
     "report.json: agency.fiscal_year_be: '2567' is not a number (write it without quotes, e.g. 2568)"),
    (lambda d: d["agency"].__setitem__("fiscal_year_be", 2024), "agency.fiscal_year_be: 2024 is not a Buddhist-era fiscal year (e.g. 2568) (2024 + 543 = 2567)"),
    (lambda d: d["agency"].__setitem__("code", "x" * 40), "report.json: agency.code: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' is not an agency code"),
])
def test_a_malformed_report_is_named_never_a_traceback_and_saves_nothing(tmp_path, change, problem):
    """A tester's reports: a list where a mapping belongs, null sections, counts too big for the
    database, a report without its questions (it replaced the published scores with nothing), a
    Christian-era year beside the Buddhist-era one, a 40-character code."""
    doc = laksi()
    change(doc)
    code, err = _import(tmp_path, doc)
    if problem is None:  # a null section is as if it were not there
        assert code == 0 and err == ""
        return
    assert code == 2 and problem in err, err
    assert not AssessmentRound.objects.exists() and not OptionCount.objects.exists()


def test_a_report_is_not_imported_under_a_framework_of_other_years_nor_over_questionnaires(tmp_path, laksi_round):
    code, err = _import(tmp_path, laksi(), "--framework", "bma-district-2566")
    assert code == 2 and "framework bma-district-2566 covers fiscal years [2566], not 2567" in err
    from prongsai.surveys.intake import Answer, store_responses

    doc = laksi()
    doc["agency"]["fiscal_year_be"], doc["agency"]["fiscal_year_ce"] = 2568, 2025
    rnd = AssessmentRound.objects.create(agency=laksi_round.agency, fiscal_year=2568, framework="bma-district-2567")
    store_responses(rnd, [Answer("IIT", None, None, "th", {"I1": 6}, {})])
    code, err = _import(tmp_path, doc)
    assert code == 2 and "its 2568 round holds 1 questionnaires; a published report would replace their counts" in err
    assert not PublishedScore.objects.filter(round=rnd).exists()


def test_a_report_goes_into_no_collecting_round_and_a_report_round_takes_no_questionnaires(tmp_path, laksi_round):
    """The reviewer's blocker: a report imported into a round with a window, then two questionnaires
    collected: the report's I1 counts differed from the public ones by those two people's answers.
    And a report without respondent tallies still took an imported file."""
    import datetime as dt

    from django.utils import timezone

    from prongsai.surveys.responses_import import plan_import
    from prongsai.surveys.tests.test_import_responses import HEADER, ROWS

    doc = laksi()
    doc["agency"]["fiscal_year_be"], doc["agency"]["fiscal_year_ce"] = 2568, 2025
    now = timezone.now()
    AssessmentRound.objects.create(agency=laksi_round.agency, fiscal_year=2568, framework="bma-district-2567",
                                   opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=30))
    code, err = _import(tmp_path, doc)
    assert code == 2 and "its 2568 round has a collection window; a published report is not put into a round" in err
    # a report without its respondents section: its counts and scores are results all the same
    doc = laksi()
    doc.pop("respondents")
    assert _import(tmp_path, doc, "--replace")[0] == 0  # (into the 2567 round holding the report already)
    assert not RespondentTally.objects.filter(round__fiscal_year=2567).exists()
    path = tmp_path / "R.csv"
    path.write_text(HEADER + "".join(ROWS), encoding="utf-8")
    from prongsai.scoring.inputs import InputErrors

    with pytest.raises(InputErrors) as refused:
        plan_import(path, 2567)
    assert any("its 2567 round holds questionnaires whose results can have been read" in p for p in refused.value.problems)


def test_a_report_replaces_another_only_when_asked_and_never_another_districts(tmp_path, laksi_round):
    """A tester's mistyped code put Lak Si's report onto Watthana's 2568 figures, silently; and a
    changed file replaced the report held before without a word."""
    before = PublishedScore.objects.filter(round=laksi_round).count()
    doc = laksi()
    code, err = _import(tmp_path, doc)
    assert code == 2 and "report.json: agency 101041: its 2567 round holds a report already: give --replace to replace it" in err
    assert PublishedScore.objects.filter(round=laksi_round).count() == before
    Agency.objects.create(code="101039", name_th="สำนักงานเขตวัฒนา")
    doc["agency"]["code"] = "101039"
    code, err = _import(tmp_path, doc, "--replace")
    assert code == 2 and "agency.name_th: 'สำนักงานเขตหลักสี่' is not the name of agency 101039 ('สำนักงานเขตวัฒนา'): check the code" in err
    assert not AssessmentRound.objects.filter(agency__code="101039").exists()
    doc["agency"]["code"] = "101041"
    doc["agency"]["name_th"] = "  ส\u0e4d\u0e32นักงานเขตหลักสี่ "  # spaces around it, ํา for ำ (copied from a PDF): the same name
    assert _import(tmp_path, doc, "--replace")[0] == 0
    # an agency an OIT or questionnaire import made is named by its code: the report names it
    Agency.objects.create(code="101050", name_th="101050")
    doc["agency"].update(code="101050", name_th="สำนักงานเขตบางบอน")
    assert _import(tmp_path, doc)[0] == 0 and Agency.objects.get(code="101050").name_th == "สำนักงานเขตบางบอน"


def test_a_report_not_in_utf8_or_not_json_is_named_so(tmp_path, db):
    path = tmp_path / "report.json"
    path.write_bytes(json.dumps(laksi(), ensure_ascii=False).encode("cp874"))
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import_report", str(path), stdout=io.StringIO(), stderr=err)
    assert "report.json: not UTF-8 text (byte " in err.getvalue() and "save the report as UTF-8" in err.getvalue()
    path.write_text('{"agency": {"code": "101041",', encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import_report", str(path), stdout=io.StringIO(), stderr=err)
    assert "report.json: not valid JSON: line 1, column 30" in err.getvalue()
