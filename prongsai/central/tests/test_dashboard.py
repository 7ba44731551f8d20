"""The city-wide dashboard and the years compared. Expected figures are computed here, from
`round_breakdown` of each round (the engine) or from the golden fixture, never by the dashboard."""
import re
from collections import Counter
from decimal import Decimal
from fractions import Fraction

import pytest

from prongsai.agencies.models import AssessmentRound
from prongsai.central import dashboard
from prongsai.oit.models import Disclosure
from prongsai.people.tests.factories import agency, role_users
from prongsai.reports.scores import round_breakdown
from prongsai.scoring import round2
from prongsai.scoring.tests.fixture import laksi
from prongsai.surveys.models import OptionCount, RespondentTally

pytestmark = pytest.mark.django_db


def fill(rnd, good: int, n: int, passed: int):
    """Every question answered by n respondents, `good` of them with the best option and the rest
    with the worst; the first `passed` OIT items pass."""
    pack = rnd.pack
    for q in pack.questions:
        points = pack.points(q)
        best, worst = points.index(max(points)) + 1, points.index(min(points)) + 1
        OptionCount.objects.create(round=rnd, tool=q.tool, question=q.code, option=best, count=good)
        if n - good:
            OptionCount.objects.create(round=rnd, tool=q.tool, question=q.code, option=worst, count=n - good)
    for tool in ("IIT", "EIT"):
        RespondentTally.objects.create(round=rnd, tool=tool, count=n)
    for k, item in enumerate(pack.item_codes()):
        Disclosure.objects.create(round=rnd, item=item, score=100 if k < passed else 0)


def make_round(a, year, good, n, passed):
    rnd = AssessmentRound.objects.create(agency=a, fiscal_year=year, framework="bma-district-2567")
    if n:
        fill(rnd, good, n, passed)
    return rnd


@pytest.fixture
def city():
    """Three agencies in 2567 and 2568 (the years of pack bma-district-2567), and a fourth with an
    empty 2568 round (no data, so no ITA)."""
    a = agency("900001", "เขตเอ", "Alpha")
    b = agency("900002", "เขตบี", "Bravo", synthetic=True)
    c = agency("900003", "เขตซี", "Charlie")
    d = agency("900004", "เขตดี", "Delta")
    rounds = {
        ("A", 2567): make_round(a, 2567, 90, 100, 20),
        ("B", 2567): make_round(b, 2567, 97, 100, 22),
        ("C", 2567): make_round(c, 2567, 75, 80, 10),
        ("A", 2568): make_round(a, 2568, 96, 100, 22),
        ("B", 2568): make_round(b, 2568, 80, 100, 15),
        ("C", 2568): make_round(c, 2568, 47, 50, 22),
        ("D", 2568): make_round(d, 2568, 0, 0, 0),
    }
    return {"A": a, "B": b, "C": c, "D": d}, rounds


def ita(rnd):
    return round_breakdown(rnd).ita


def test_rows_rank_and_change(city):
    agencies, rounds = city
    year = dashboard.city_year(2568)
    by_code = {r.agency.code: r for r in year.rows}
    assert len(year.rows) == 4
    expected = {k: ita(rounds[(k, 2568)]) for k in "ABCD"}
    assert expected["D"] is None
    for k in "ABCD":
        assert by_code[agencies[k].code].ita == expected[k]
    ranked = sorted((k for k in "ABC"), key=lambda k: expected[k], reverse=True)
    assert [by_code[agencies[k].code].rank for k in ranked] == [1, 2, 3]
    assert by_code[agencies["D"].code].rank is None
    for k in "ABC":
        assert by_code[agencies[k].code].change == expected[k] - ita(rounds[(k, 2567)])
    assert by_code[agencies["D"].code].change is None
    # no earlier year: no change
    assert all(r.change is None for r in dashboard.city_year(2567).rows)


def test_ties_share_a_rank():
    rows = [dashboard.Row(None, type("B", (), {"ita": Decimal(v)})()) for v in ("90", "95", "90", "80")]
    dashboard.rank(rows)
    assert [r.rank for r in rows] == [2, 1, 2, 4]


def test_level_distribution(city):
    _agencies, rounds = city
    expected = Counter(
        (round_breakdown(r).level.code if round_breakdown(r).level else None)
        for (k, y), r in rounds.items() if y == 2568
    )
    got = {(d["level"].code if d["level"] else None): d["count"] for d in dashboard.city_year(2568).distribution}
    assert {k: v for k, v in got.items() if v} == dict(expected)
    assert got[None] == 1


def test_weakest_items_are_means_over_agencies_lowest_first(city):
    _agencies, rounds = city
    breakdowns = [round_breakdown(r) for (k, y), r in rounds.items() if y == 2568]
    means = {}
    for code in breakdowns[0].questions:
        scores = [b.questions[code].score for b in breakdowns if b.questions[code].score is not None]
        if scores:
            means[code] = sum(scores, Fraction(0)) / len(scores)
    lowest = sorted(means.items(), key=lambda kv: (kv[1], kv[0]))[:dashboard.WEAKEST]
    got = [(w["code"], w["mean"]) for w in dashboard.city_year(2568).weakest]
    assert got == lowest
    assert dashboard.city_year(2568).weakest[0]["agencies"] == 3  # D has no scores, so is not averaged as 0
    survey = sorted(((c, m) for c, m in means.items() if not c.startswith("O")), key=lambda kv: (kv[1], kv[0]))
    got = [(w["code"], w["mean"]) for w in dashboard.city_year(2568).weakest_questions]
    assert got == survey[:dashboard.WEAKEST] and all(w["tool"] != "OIT" for w in dashboard.city_year(2568).weakest_questions)


def expected_heat(value):
    if value is None:
        return "h0"
    v = round2(Fraction(value))
    return "h4" if v >= 95 else "h3" if v >= 85 else "h2" if v >= 70 else "h1"


def test_heatmap_cells(client, city):
    agencies, rounds = city
    people = role_users(agency("900009"), agency("900010"))
    client.force_login(people["central"])
    response = client.get("/central/2568/")
    assert response.status_code == 200
    heat_rows = {r.agency.code: cells for r, cells in response.context["heat_rows"]}
    for k in "ABCD":
        b = round_breakdown(rounds[(k, 2568)])
        cells = heat_rows[agencies[k].code]
        assert [c["code"] for c in cells] == [str(n) for n in range(1, 11)]
        for cell in cells:
            assert cell["heat"] == expected_heat(b.indicators[cell["code"]])
    html = response.content.decode()
    one = round2(Fraction(round_breakdown(rounds[("A", 2568)]).indicators["9"]))
    assert f'class="num heat {expected_heat(one)}">{one:.2f}</td>' in html
    heatmap = html.split('id="heatmap"', 1)[1]
    # the columns are numbers: their names stand above the table, not only in tooltips (no hover on a phone)
    legend = heatmap.split('<table class="heatmap">')[0]
    assert "<strong>9</strong> การเปิดเผยข้อมูล (OIT)" in legend and "<strong>1</strong> การปฏิบัติหน้าที่ (IIT)" in legend
    # the synthetic agency is marked there too, and the rows follow the table's sort
    assert re.search(r'>เขตบี</a> <span class="tag">ข้อมูลสังเคราะห์</span></th>', heatmap)
    table_order = [r.agency.code for r in response.context["rows"]]
    assert [r.agency.code for r, _ in response.context["heat_rows"]] == table_order


@pytest.fixture
def central_client(client):
    people = role_users(agency("900009"), agency("900010"))
    client.force_login(people["central"])
    return client


def test_sorting(central_client, city):
    agencies, rounds = city
    codes = lambda response: [r.agency.code for r in response.context["rows"]]  # noqa: E731
    itas = {agencies[k].code: ita(rounds[(k, 2568)]) for k in "ABCD"}
    scored = sorted((c for c in itas if itas[c] is not None), key=lambda c: itas[c])
    assert codes(central_client.get("/central/2568/?sort=ita&dir=asc")) == scored + ["900004"]
    assert codes(central_client.get("/central/2568/?sort=ita&dir=desc")) == scored[::-1] + ["900004"]
    assert codes(central_client.get("/central/2568/")) == scored[::-1] + ["900004"]  # by rank
    assert codes(central_client.get("/central/2568/?sort=code&dir=desc")) == ["900004", "900003", "900002", "900001"]
    eit = {c: round_breakdown(rounds[(k, 2568)]).tools["EIT"].score for k, c in
           ((k, agencies[k].code) for k in "ABC")}
    assert codes(central_client.get("/central/2568/?sort=eit&dir=asc"))[:3] == sorted(eit, key=lambda c: round2(eit[c]))
    # an unknown column falls back to the rank
    assert codes(central_client.get("/central/2568/?sort=nonsense")) == scored[::-1] + ["900004"]


def test_filters(central_client, city):
    agencies, rounds = city
    level_a = round_breakdown(rounds[("A", 2568)]).level.code
    response = central_client.get(f"/central/2568/?level={level_a}")
    got = {r.agency.code for r in response.context["rows"]}
    expected = {agencies[k].code for k in "ABC" if round_breakdown(rounds[(k, 2568)]).level.code == level_a}
    assert got == expected
    assert {r.agency.code for r in central_client.get("/central/2568/?level=none").context["rows"]} == {"900004"}
    assert [r.agency.code for r in central_client.get("/central/2568/?q=bravo").context["rows"]] == ["900002"]
    assert [r.agency.code for r in central_client.get("/central/2568/?q=เขตซี").context["rows"]] == ["900003"]
    empty = central_client.get("/central/2568/?q=zzz")
    assert empty.status_code == 200 and "ไม่มีหน่วยงานตรงกับเงื่อนไขที่กรอง" in empty.content.decode()


def test_page_is_thai_links_rounds_and_labels_synthetic_data(central_client, city):
    agencies, rounds = city
    html = central_client.get("/central/2568/").content.decode()
    assert "ภาพรวมผลการประเมินทั้งกรุงเทพมหานคร" in html
    for k in "ABCD":
        assert f'href="/rounds/{rounds[(k, 2568)].pk}/"' in html
    assert "ข้อมูลสังเคราะห์" in html  # Bravo is synthetic
    assert "หน่วยงาน 1 แห่งในหน้านี้เป็นข้อมูลสังเคราะห์ที่ระบบโปร่งใสสร้างขึ้นเพื่อการสาธิต" in html
    # and a round's page leads back to the city's table of its year (a tester's breadcrumb led to the round list)
    page = central_client.get(f"/rounds/{rounds[('A', 2568)].pk}/").content.decode()
    assert '<a href="/central/2568/">หน่วยงานทั้งหมด ปี 2568</a>' in page


def test_home_goes_to_the_latest_year_and_a_year_without_rounds_says_so(central_client, city):
    response = central_client.get("/central/")
    assert response.status_code == 302 and response["Location"] == "/central/2568/"
    # a district starting to collect for the next year: not opened on that year's page of no figure (a tester)
    make_round(agency("900009", "เขตใหม่", "New"), 2569, 0, 0, 0)
    assert "2569" in [str(y) for y in dashboard.years()]
    assert central_client.get("/central/")["Location"] == "/central/2568/"
    page = central_client.get("/central/2570/")
    assert page.status_code == 200
    assert "ยังไม่มีหน่วยงานใดมีรอบการประเมินในปีงบประมาณ 2570" in page.content.decode()
    assert 'href="/central/2568/"' in page.content.decode()
    assert central_client.get("/central/1999/").status_code == 404  # not a Buddhist-era year
    # the first year of data has no drops to count: "–", not a "0" that reads as none dropped (a tester)
    first = central_client.get("/central/2567/").content.decode()
    card = first.split("ระดับผลลดลง", 1)[1].split("</div>", 1)[0]
    assert '<span class="value">–</span><span class="help">ไม่มีรอบก่อนหน้าให้เทียบ</span>' in card
    assert not dashboard.city_year(2567).compared and dashboard.city_year(2568).compared
    card = central_client.get("/central/2568/").content.decode().split("ระดับผลลดลง", 1)[1].split("</div>", 1)[0]
    assert "ไม่มีรอบก่อนหน้าให้เทียบ" not in card


def test_who_dropped_a_level_and_who_has_no_round(central_client, city):
    """Levels compared with each agency's previous round, by the engine's own breakdowns; an
    assessed agency without a round this year is named, the city that groups them is not."""
    agencies, rounds = city
    e = agency("900005", "เขตอี", "Echo")
    make_round(e, 2567, 90, 100, 20)  # assessed in 2567, no round in 2568
    bma = agency("BMA", "กรุงเทพมหานคร")
    type(e).objects.filter(code__startswith="9000").update(parent=bma)
    order = [lv.code for lv in rounds[("A", 2568)].pack.levels]

    def level(rnd):
        found = round_breakdown(rnd).level
        return None if found is None else order.index(found.code)

    expected = {k for k in "ABC" if level(rounds[(k, 2568)]) > level(rounds[(k, 2567)])}
    assert expected, "the fixture has an agency that dropped a level"
    year = dashboard.city_year(2568)
    assert {r.agency.code for r in year.rows if r.dropped} == {agencies[k].code for k in expected}
    assert [a.code for a in year.missing] == ["900005"]  # not the city, nor agencies never assessed
    assert [a.code for a in dashboard.city_year(2567).missing] == [agencies["D"].code]  # only assessed in 2568: said
    html = central_client.get("/central/2568/?level=dropped").content.decode()
    assert "เขตอี" in html and "ไม่มีรอบการประเมินในปีงบประมาณ 2568" in html
    for k in "ABC":
        assert (agencies[k].name_th in html.split('id="heatmap"')[0].split('id="agencies"')[1]) == (k in expected)
    assert "↓" in html
    # why each one is not at its previous level, from the pack's rules: the ITA's minimum, a tool's floor
    for k in expected:
        now, before = round_breakdown(rounds[(k, 2568)]), round_breakdown(rounds[(k, 2567)])
        rule = next(lv for lv in rounds[(k, 2568)].pack.levels if lv.code == before.level.code)
        reasons = []
        if now.ita < rule.min_ita:
            reasons.append(("ITA", rule.min_ita - now.ita, rule.min_ita))
        for tool, result in now.tools.items():
            if rule.every_tool_at_least is not None and round2(result.score) < rule.every_tool_at_least:
                reasons.append((tool, rule.every_tool_at_least - round2(result.score), rule.every_tool_at_least))
        assert reasons
        row = html.split(agencies[k].name_th)[1].split("</tr>")[0]
        for what, short, floor in reasons:
            assert f"{what} ต่ำกว่าเกณฑ์ระดับ{before.level.name.th} ({floor:.2f}) อยู่ {short:.2f} คะแนน" in row
    # searching for the agency without a 2568 round says so and where its other years are
    found = central_client.get("/central/2568/", {"q": "900005"}).content.decode()
    assert "ไม่มีรอบการประเมินปีงบประมาณ 2568 ดูผลของปีอื่นได้ที่หน้าของหน่วยงาน" in found
    assert f"/central/agencies/{e.pk}/" in found.split('class="empty"')[1]
    # the printed table says so too, as the page and the XLSX do (a tester counted 49 of 50 in the PDF)
    paragraphs = dashboard.city_document(year, year.rows).sections[0].paragraphs
    assert "หน่วยงานที่ไม่มีรอบการประเมินในปีงบประมาณ พ.ศ. 2568 (1 หน่วยงาน): เขตอี" in paragraphs
    # a synthetic agency's mark stays with its name (a tester's "*" wrapped onto a line of its own)
    first = year.rows[0].agency
    type(first).objects.filter(pk=first.pk).update(synthetic=True)
    first.synthetic = True
    cells = dashboard.city_document(year, year.rows).sections[0].table.rows[0]
    assert cells[1].text == first.name_th + "\u00a0*"


def test_the_year_as_a_document_to_print(central_client, city, client):
    """A tester's central office had only the XLSX to attach to a memo: the page's table as PDF and DOCX,
    with its filter and order, and under a dropped level the rule that kept it from the one before."""
    import io

    import docx

    agencies, rounds = city
    pdf = central_client.get("/central/2568.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    book = docx.Document(io.BytesIO(central_client.get("/central/2568.docx", {"level": "dropped"}).content))
    rows = [[c.text for c in row.cells] for row in book.tables[0].rows]
    dropped = [r for r in dashboard.city_year(2568).rows if r.dropped]
    assert len(rows) == 1 + len(dropped) and dropped
    for r, cells in zip(dropped, rows[1:]):
        assert cells[1].startswith(r.agency.name_th) and cells[2] == f"{r.ita:.2f}"
        before = round_breakdown(rounds[(next(k for k in 'ABC' if agencies[k] == r.agency), 2567)]).level.name.th
        assert f"(ลดลงจากระดับ{before}ในปี 2567)" in cells[3] and f"ต่ำกว่าเกณฑ์ระดับ{before} (" in cells[3]
    # filtered: said so, in words, and in the file's name
    assert f"ตารางนี้แสดงเฉพาะหน่วยงานที่ระดับผลลดลงจากรอบก่อน ({len(dropped)} หน่วยงาน)" in "\n".join(p.text for p in book.paragraphs)
    assert central_client.get("/central/2568.pdf", {"level": "dropped"})["Content-Disposition"].endswith('ita-city-2568-dropped.pdf"')
    assert central_client.get("/central/1999.pdf").status_code == 404


def test_empty_state(central_client):
    response = central_client.get("/central/")
    assert response.status_code == 200 and "ยังไม่มีรอบการประเมิน" in response.content.decode()


def test_years_compared_for_the_city(central_client, city):
    _agencies, rounds = city
    trend = {t["year"]: t for t in dashboard.city_trend()}
    for year in (2567, 2568):
        itas = [Fraction(ita(r)) for (k, y), r in rounds.items() if y == year and ita(r) is not None]
        assert trend[year]["mean_ita"] == sum(itas, Fraction(0)) / len(itas)
        assert trend[year]["agencies"] == sum(1 for (k, y) in rounds if y == year)
    assert trend[2568]["levels"][None] == 1
    for year in (2567, 2568):
        ones = [Fraction(round_breakdown(r).indicators["1"]) for (k, y), r in rounds.items()
                if y == year and round_breakdown(r).indicators["1"] is not None]
        assert trend[year]["indicators"]["1"] == sum(ones, Fraction(0)) / len(ones)
    html = central_client.get("/central/years/").content.decode()
    itas = [Fraction(ita(r)) for (k, y), r in rounds.items() if y == 2567]
    assert f"{round2(sum(itas, Fraction(0)) / len(itas)):.2f}" in html


def test_every_agency_side_by_side_over_the_years_sorted_and_downloaded(central_client, city):
    import io

    from openpyxl import load_workbook

    agencies, rounds = city
    years, rows = dashboard.agencies_by_year("change", True)
    assert years == [2567, 2568]
    changes = {k: ita(rounds[(k, 2568)]) - ita(rounds[(k, 2567)]) for k in "ABC"}
    assert [r.agency.code for r in rows[:3]] == [agencies[k].code for k in sorted("ABC", key=changes.get, reverse=True)]
    assert rows[3].agency == agencies["D"] and rows[3].change is None  # no score: last, whichever the direction
    assert [r.change for r in rows[:3]] == sorted(changes.values(), reverse=True)
    page = central_client.get("/central/years/?sort=latest&dir=desc").content.decode()
    table = page.split('id="by-agency"')[1]
    best = max("ABC", key=lambda k: ita(rounds[(k, 2568)]))
    assert table.index(agencies[best].name_th) < min(table.index(agencies[k].name_th) for k in "ABCD" if k != best)
    assert f"{ita(rounds[('C', 2567)]):.2f}" in table and 'aria-sort="descending"' in table
    book = load_workbook(io.BytesIO(central_client.get("/central/years.xlsx?sort=latest&dir=desc").content))
    sheet = book.active
    assert [c.value for c in sheet[1]][:4] == ["รหัส / code", "หน่วยงาน / agency", "ข้อมูลสังเคราะห์ / synthetic", "ITA 2567"]
    assert sheet["A2"].value == agencies[best].code
    header = [c.value for c in sheet[1]]
    first = dict(zip(header, [c.value for c in sheet[2]]))
    assert first["ITA 2567"] == float(ita(rounds[(best, 2567)])) and first["ITA 2568"] == float(ita(rounds[(best, 2568)]))
    # the tools per year too, and the city by year on a second sheet (a tester: only ITA and level)
    iit = round_breakdown(rounds[(best, 2568)]).tools["IIT"].score
    assert first["IIT 2568"] == (None if iit is None else float(round2(iit)))
    city_sheet = book["กรุงเทพมหานคร (city)"]
    by_year = {row[0]: row for row in city_sheet.iter_rows(min_row=2, values_only=True)}
    assert set(by_year) == {2567, 2568} and by_year[2568][1] == 4  # agencies assessed that year
    # the levels and "no ITA yet" add up to the agencies, as on the page (a tester's sheet stopped at the last level)
    assert [c.value for c in city_sheet[1]][-1] == "ยังไม่มีคะแนน ITA / no ITA yet"
    assert all(sum(row[6:]) == row[1] for row in by_year.values()) and by_year[2568][-1] >= 1
    assert sheet.auto_filter.ref
    # a round started this year has no ITA yet: the latest is the year before's, said with its year
    make_round(agencies["A"], 2569, 0, 0, 0)
    _years, rows = dashboard.agencies_by_year("latest", True)
    row = next(r for r in rows if r.agency == agencies["A"])
    assert (row.latest, row.latest_year, row.change) == (ita(rounds[("A", 2568)]), 2568,
                                                         ita(rounds[("A", 2568)]) - ita(rounds[("A", 2567)]))


def test_years_compared_for_one_agency(central_client, city):
    agencies, rounds = city
    response = central_client.get(f"/central/agencies/{agencies['A'].pk}/")
    trend = response.context["trend"]
    assert [t["round"].fiscal_year for t in trend] == [2567, 2568]
    assert [t["breakdown"].ita for t in trend] == [ita(rounds[("A", 2567)]), ita(rounds[("A", 2568)])]
    assert trend[1]["change"] == ita(rounds[("A", 2568)]) - ita(rounds[("A", 2567)])
    assert f"{ita(rounds[('A', 2568)]):.2f}" in response.content.decode()
    assert "ประเมินตามกรอบการประเมินที่ต่างกัน" not in response.content.decode()  # one framework: nothing to say
    # a 2566 round under that year's framework (30 OIT items, not 22): said above the indicators (a tester)
    AssessmentRound.objects.create(agency=agencies["A"], fiscal_year=2566, framework="bma-district-2566")
    page = central_client.get(f"/central/agencies/{agencies['A'].pk}/").content.decode()
    assert "ประเมินตามกรอบการประเมินที่ต่างกัน" in page
    assert "2566: เกณฑ์การประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน (ITA) ของสำนักงานเขต กรุงเทพมหานคร ปีงบประมาณ พ.ศ. 2566" in page
    assert "2567, 2568: " in page


def test_lak_si_golden_figures(central_client, laksi_round):
    published = laksi()["published"]
    row = dashboard.city_year(2567).rows[0]
    assert row.ita == Decimal(str(published["ita_total_derived"]))
    assert {c: row.tool(c) for c in ("IIT", "EIT", "OIT")} == {
        c: Decimal(str(v)).quantize(Decimal("0.01")) for c, v in published["tools"].items()}
    assert row.breakdown.level.name.th == published["level_th"]
    html = central_client.get("/central/2567/").content.decode()
    assert "83.39" in html and published["level_th"] in html


def test_the_fixture_spans_levels(city):
    """The other tests mean something only if the agencies differ."""
    _agencies, rounds = city
    levels = {round_breakdown(rounds[(k, 2568)]).level.code for k in "ABC"}
    assert len(levels) >= 2


def test_an_unknown_level_in_the_address_shows_every_agency(central_client, city):
    html = central_client.get("/central/2568/?level=bogus").content.decode()
    assert all(name in html for name in ("เขตเอ", "เขตบี", "เขตซี", "เขตดี"))


def test_sorting_by_level_orders_each_level_by_its_scores():
    """A tester found a level's agencies by code (94.19, 92.44, 91.32, 95.15, 97.30)."""
    from types import SimpleNamespace

    def row(code, level, ita):  # what sort_rows reads of a row
        return SimpleNamespace(agency=SimpleNamespace(code=code), ita=ita,
                               sort_value=lambda key: level if key == "level" else ita)

    rows = [row("1", 1, 94.19), row("2", 1, 92.44), row("3", 0, 96.0), row("4", 1, 95.15), row("5", 1, 97.30),
            row("6", None, None)]
    best_first = dashboard.sort_rows(rows, "level", False)
    assert [r.agency.code for r in best_first] == ["3", "5", "4", "1", "2", "6"]
    assert [r.agency.code for r in dashboard.sort_rows(rows, "level", True)] == ["2", "1", "4", "5", "3", "6"]


def test_the_year_downloads_as_a_workbook_with_the_pages_figures(central_client, client, city):
    """Every agency's ITA, tools and indicators as the engine gives them, Thai headings first."""
    import io

    from openpyxl import load_workbook

    agencies, rounds = city
    response = central_client.get("/central/2568.xlsx")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('ita-city-2568.xlsx"')
    ws = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in ws[1]]
    assert header[:3] == ["ลำดับ / rank", "รหัส / code", "หน่วยงาน / agency"]
    assert any(h and h.startswith("1 ") for h in header)  # indicators by code and Thai name
    rows = {row[1]: dict(zip(header, row)) for row in ws.iter_rows(min_row=2, values_only=True)}
    for k in "ABCD":
        b = round_breakdown(rounds[(k, 2568)])
        row = rows[agencies[k].code]
        assert row["ITA"] == (None if b.ita is None else float(b.ita))
        assert row["IIT"] == (None if b.tools["IIT"].score is None else float(round2(b.tools["IIT"].score)))
    assert rows[agencies["B"].code]["ข้อมูลสังเคราะห์ / synthetic"] == "ใช่ / yes"
    ita = header.index("ITA") + 1
    assert all(ws.cell(r, ita).number_format == "0.00" for r in range(2, ws.max_row + 1) if isinstance(ws.cell(r, ita).value, float))
    assert ws.auto_filter.ref.startswith("A1:") and ws.column_dimensions["C"].width >= 30  # names whole, filterable
    # the page's city-wide tables on a second sheet (a tester retyped them): the means are the AVERAGE of the
    # figures above, the levels count every agency, the weakest items as the page lists them
    summary = load_workbook(io.BytesIO(response.content))["สรุป 2568 (summary)"]
    sections, part = [], []
    for row in summary.iter_rows(values_only=True):
        if row[0] is None:
            sections.append(part)
            part = []
        else:
            part.append(row)
    means, levels, weakest = [*sections, part]
    shown_itas = [row["ITA"] for row in rows.values() if row["ITA"] is not None]
    assert dict((r[0], r[1]) for r in means)["ITA"] == float(round2(sum(Fraction(str(v)) for v in shown_itas) / len(shown_itas)))
    assert levels[0][0] == "ระดับผลการประเมิน / level" and sum(r[1] for r in levels[1:]) == len(rows)
    assert weakest[0][0] == "ข้อที่คะแนนเฉลี่ยต่ำสุด / weakest items" and len(weakest) > 1
    # what the page shows, filtered and sorted, is what downloads (a tester got all 50 from a page of 4)
    page = central_client.get("/central/2568/", {"q": agencies["A"].code, "sort": "ita"}).content.decode()
    assert f'/central/2568.xlsx?q={agencies["A"].code}&amp;sort=ita' in page
    narrow = load_workbook(io.BytesIO(central_client.get("/central/2568.xlsx", {"q": agencies["A"].code}).content)).active
    assert [row[1] for row in narrow.iter_rows(min_row=2, values_only=True)] == [agencies["A"].code]
    by_ita = load_workbook(io.BytesIO(central_client.get("/central/2568.xlsx", {"sort": "ita", "dir": "asc"}).content)).active
    itas = [row[header.index("ITA")] for row in by_ita.iter_rows(min_row=2, values_only=True) if row[header.index("ITA")] is not None]
    assert itas == sorted(itas) and len(itas) > 1
    assert central_client.get("/central/2571.xlsx").status_code == 404
    from prongsai.people import roles
    from prongsai.people.tests.factories import user

    client.force_login(user("a-coordinator", roles.COORDINATOR, agencies["A"]))
    assert client.get("/central/2568.xlsx").status_code == 403


def test_a_city_mean_is_the_mean_of_the_figures_shown():
    """A tester's AVERAGE of the 50 IIT figures shown gave 84.17 where the page said 84.16: it averaged
    the unrounded scores. Scores 0.005 and 0.003 show as 0.01 and 0.00: their mean is shown 0.01 (0.005),
    not 0.00 (0.004)."""
    assert dashboard._mean([Fraction(5, 1000), Fraction(3, 1000), None]) == Fraction(5, 1000)
    assert dashboard._mean([None]) is None


def test_the_year_is_read_in_the_same_few_queries_however_many_agencies(city):
    """The city page scores every district's round and the year before: their figures are read
    together, not five queries a round (504 for the demo's 50 districts)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        dashboard.city_year(2568)
    for n in range(5):
        a = agency(f"90010{n}", f"เขต {n}", f"District {n}")
        make_round(a, 2567, 50, 60, 12)
        make_round(a, 2568, 55, 60, 18)
    with CaptureQueriesContext(connection) as more:
        year = dashboard.city_year(2568)
    assert len(year.rows) == 9 and len(more.captured_queries) == len(few.captured_queries) <= 15


def test_rounds_scored_together_are_scored_as_each_alone(city, settings):
    """Read in one go, no round's counts, verdicts or suppression reach another: rounds with a tool or
    both answered by too few (withheld whole) and a round still collecting (all withheld) among
    ordinary ones. The figures expected are those make_round stored."""
    import datetime as dt

    from django.utils import timezone

    from prongsai.reports.scores import round_breakdowns
    from prongsai.reports.suppression import survey_rows_of

    agencies, rounds = city
    few = make_round(agency("900011", "เขตน้อย", "Few"), 2568, 3, 3, 5)  # 3 respondents a tool
    few_eit = [make_round(agency(f"90002{n}", f"เขต {n}", f"E{n}"), 2568, 50, 60, 10) for n in range(3)]
    RespondentTally.objects.filter(round__in=few_eit, tool="EIT").update(count=4)  # EIT alone too few
    collecting = make_round(agency("900012", "เขตเปิด", "Open"), 2568, 60, 70, 20)
    AssessmentRound.objects.filter(pk=collecting.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=1), closes_at=timezone.now() + dt.timedelta(days=1))
    everything = list(AssessmentRound.objects.select_related("agency"))
    together = round_breakdowns(everything)
    for rnd in everything:
        assert together[rnd.pk] == round_breakdown(AssessmentRound.objects.get(pk=rnd.pk)), rnd
    tools = lambda rnd: {t: (r.score is not None, r.respondents) for t, r in together[rnd.pk].tools.items()}
    assert tools(few) == {"IIT": (False, None), "EIT": (False, None), "OIT": (True, None)}
    assert all(tools(r) == {"IIT": (True, 60), "EIT": (False, None), "OIT": (True, None)} for r in few_eit)
    assert tools(collecting) == {"IIT": (False, None), "EIT": (False, None), "OIT": (True, None)}
    assert tools(rounds[("A", 2568)]) == {"IIT": (True, 100), "EIT": (True, 100), "OIT": (True, None)}
    # one exclusion per set of small tools, not one per round (nested a thousand deep, SQLite refused)
    assert str(survey_rows_of(RespondentTally, everything).query).count("NOT") == 2


def test_a_round_held_below_the_level_its_ita_reaches_says_which_tool_holds_it(central_client, city):
    """Rank 1 at 97.30 was ผ่านดี, rank 2 at 96.55 ผ่านดีเยี่ยม, and nothing on the row said why (a tester)."""
    from io import BytesIO

    from openpyxl import load_workbook

    agencies, rounds = city
    f, g = agency("900006", "เขตเอฟ", "Foxtrot"), agency("900007", "เขตจี", "Golf")
    make_round(f, 2568, 93, 100, 22)  # IIT and EIT 93, OIT 100: an ITA over 95, tools under 95: ผ่านดี
    make_round(g, 2568, 80, 100, 22)  # IIT and EIT 80, OIT 100: an ITA of 88, tools under 85: ผ่าน
    year = dashboard.city_year(2568)
    rows = {r.agency.code: r for r in year.rows}
    levels = {lv.code: lv for lv in year.rows[0].round.pack.levels}
    for code, at, nearest, floor in (("900006", "good", "excellent", 95), ("900007", "pass", "good", 85)):
        row = rows[code]
        assert row.breakdown.level.code == at and row.breakdown.ita >= levels[nearest].min_ita
        level, short = row.held_back
        # the level right above it, with the tools under its floor (for ผ่าน: 85, not ผ่านดีเยี่ยม's 95)
        assert level.code == nearest and {t for t, _s, fl in short} == {"IIT", "EIT"} and all(fl == floor for *_x, fl in short)
        for tool, points, _fl in short:
            assert points == floor - round2(row.breakdown.tools[tool].score)
    html = central_client.get("/central/2568/").content.decode()
    cells = html.split("เขตจี")[1].split("</tr>")[0]
    assert ("คะแนน ITA ถึงเกณฑ์ระดับผ่านดี แต่คะแนน IIT ยังต่ำกว่าเกณฑ์ขั้นต่ำที่ทุกเครื่องมือต้องได้ในระดับนั้น (85.00) อยู่ "
            f"{85 - round2(rows['900007'].breakdown.tools['IIT'].score):.2f} คะแนน") in cells
    # the printed table and the workbook say it too
    document = dashboard.city_document(year, [rows["900007"]])
    level_cell = next(c.text for c in document.sections[0].table.rows[0] if c.text.startswith("ผ่าน\n"))
    assert level_cell.split("\n")[1:] == rows["900007"].held_back_th and len(rows["900007"].held_back_th) == 2
    book = load_workbook(BytesIO(dashboard.city_xlsx(year)))
    sheet = list(book.active.iter_rows(values_only=True))
    column = sheet[0].index("เหตุที่ไม่ได้ระดับตามคะแนน ITA / held below the ITA's level")
    by_code = {r[1]: r for r in sheet[1:]}
    assert by_code["900007"][column] == "; ".join(rows["900007"].held_back_th)
    # a round whose ITA reaches no level above its own says nothing of the kind
    low = rows[agencies["B"].code]
    assert low.breakdown.ita < levels["pass"].min_ita and low.held_back is None and by_code[agencies["B"].code][column] is None
