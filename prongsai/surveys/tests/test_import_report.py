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
    import_published_report(FIXTURE_PATH)
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
    assert "error: bad.json: questions.IIT.0.counts: expected 6 whole numbers ≥ 0" in lines
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
        "error: twice.json: respondents.eit_by_language.en: 'many' is not a whole number ≥ 0",
        f"error: twice.json: demographics.IIT.{first_key}.0.count: -1 is not a whole number ≥ 0",
        "error: twice.json: units.1.iit_n: -4 is not a whole number ≥ 0",
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
    import_published_report(FIXTURE_PATH)
    o10.refresh_from_db()
    assert o10.urls == ["https://example.go.th/revenue-2567"]
    assert o10.score == 0
    assert DisclosureEvent.objects.filter(disclosure=o10).count() >= events
    assert save_details  # the workflow module is what the import goes through
