"""The tables of a round's results report beside the scores (seed 001 section 2): respondents
per tool × gender and per language, the demographic tables, scores per unit and per service
type. Read from the stored aggregates (option counts, tallies, published tables), scored
with the engine, with small cells suppressed (suppression.py)."""
from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from django.db.models import Sum

from prongsai.agencies.models import AssessmentRound
from prongsai.scoring import AgencyInput, round2, score
from prongsai.scoring.packs import Text
from prongsai.surveys.models import OptionCount, PublishedScore, RespondentTally

from .suppression import hidden_cells, min_cell, survey_rows

LANGUAGE_ORDER = ["th", "en", "zh", "my"]


def _percent(count: int | None, total: int | None) -> Fraction | None:
    return Fraction(count * 100, total) if count is not None and total else None


def tool_totals(rnd: AssessmentRound) -> dict[str, int]:
    totals = {}
    for row in survey_rows(RespondentTally, rnd).values("tool").annotate(n=Sum("count")):
        totals[row["tool"]] = row["n"]
    return totals


def _demographic_counts(rnd: AssessmentRound) -> dict[tuple[str, str], dict[int, int]]:
    pack = rnd.pack
    codes = {d.code for ds in pack.demographics.values() for d in ds}
    out: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    rows = (
        survey_rows(OptionCount, rnd).filter(question__in=codes)
        .values("tool", "question", "option").annotate(n=Sum("count"))
    )
    for row in rows:
        out[(row["tool"], row["question"])][row["option"]] = row["n"]
    return out


def _count_table(labels: list, counts: list[int | None], total: int | None) -> dict:
    hidden = hidden_cells(counts)
    rows = [
        {"label": label, "count": None if h else c, "percent": None if h else _percent(c, total), "suppressed": h}
        for label, c, h in zip(labels, counts, hidden)
    ]
    return {"rows": rows, "total": total, "suppressed": any(hidden)}


NOT_STATED = Text(th="ไม่ระบุ", en="not stated")  # respondents who withheld the answer (it may be withheld)


def _answers_of(counts: dict, tool: str, demographic, total: int | None) -> tuple[list[int | None], int | None]:
    """A demographic question's option counts and how many of the tool's respondents did not say (None
    without counts; never below 0, should imported counts exceed the tally)."""
    cells = counts.get((tool, demographic.code), {})
    values = [cells.get(n, 0) if cells else None for n in range(1, len(demographic.options) + 1)]
    unstated = max(0, total - sum(values)) if total is not None and cells else None
    return values, unstated


def _with_unstated(options, values, unstated, total, column: bool) -> dict:
    """The table of a demographic question over all the tool's respondents: its options, then those
    who did not say when `column`, suppressed together (so the tables of one question on one page
    show the same cells: no difference between them gives a small group away)."""
    labels = [*options, NOT_STATED] if column else list(options)
    return {"options": labels, **_count_table(labels, [*values, unstated] if column else values, total)}


def respondents_by_gender(rnd: AssessmentRound, totals: dict[str, int]) -> list[dict]:
    """Per survey tool: respondents per gender option, those who did not say (a column when any
    tool has them), and in all: the cells add up to the total, and are suppressed together."""
    pack, counts = rnd.pack, _demographic_counts(rnd)
    found = []
    for tool in pack.survey_tools():
        gender = next((d for d in pack.demographics.get(tool.code, []) if d.code == "gender"), None)
        if gender is not None:
            found.append((tool, gender, *_answers_of(counts, tool.code, gender, totals.get(tool.code))))
    column = any(u for *_, u in found)
    return [{"tool": tool.code, **_with_unstated(gender.options, values, unstated, totals.get(tool.code), column)}
            for tool, gender, values, unstated in found]


def respondents_by_language(rnd: AssessmentRound, totals: dict[str, int]) -> list[dict]:
    """Per survey tool that is offered in more than one language: respondents per language."""
    pack = rnd.pack
    per: dict[tuple[str, str], int] = defaultdict(int)
    for row in survey_rows(RespondentTally, rnd).values("tool", "language").annotate(n=Sum("count")):
        per[(row["tool"], row["language"] or "")] += row["n"]
    out = []
    for tool in pack.survey_tools():
        offered = pack.languages.get(tool.code) or ["th"]
        if len(offered) < 2 or not any(per.get((tool.code, lang)) for lang in offered):
            continue  # one language only, or none recorded (a published report without them)
        unknown = per.get((tool.code, ""), 0)
        labels = list(offered) + (["?"] if unknown else [])
        values = [per.get((tool.code, lang), 0) for lang in offered] + ([unknown] if unknown else [])
        out.append({"tool": tool.code, **_count_table(labels, values, totals.get(tool.code))})
    return out


def demographics(rnd: AssessmentRound, totals: dict[str, int]) -> list[dict]:
    """Every demographic question of every survey tool with its option counts and percentages of
    the tool's respondents, and a row of those who did not say when there are any."""
    pack, counts = rnd.pack, _demographic_counts(rnd)
    out = []
    for tool in pack.survey_tools():
        for d in pack.demographics.get(tool.code, []):
            values, unstated = _answers_of(counts, tool.code, d, totals.get(tool.code))
            table = _with_unstated(d.options, values, unstated, totals.get(tool.code), bool(unstated))
            out.append({"tool": tool.code, "demographic": d, **table})
    return out


def _scores_by(rnd: AssessmentRound, field: str) -> dict[int, dict]:
    """Per unit (or service type) id: the engine's breakdown of its own option counts and its
    respondents per tool."""
    pack = rnd.pack
    questions = set(pack.question_codes())
    counts: dict[int, dict[str, list[int]]] = defaultdict(dict)
    rows = (
        survey_rows(OptionCount, rnd).filter(question__in=questions, **{f"{field}__isnull": False})
        .values(field, "question", "option").annotate(n=Sum("count"))
    )
    for row in rows:
        q = pack.question(row["question"])
        cells = counts[row[field]].setdefault(row["question"], [0] * len(pack.scales[q.scale].points))
        cells[row["option"] - 1] += row["n"]
    respondents: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (survey_rows(RespondentTally, rnd).filter(**{f"{field}__isnull": False})
                .values(field, "tool").annotate(n=Sum("count"))):
        respondents[row[field]][row["tool"]] = row["n"]
    out = {}
    for key in set(counts) | set(respondents):
        data = AgencyInput(str(key), counts=counts.get(key, {}), respondents=respondents.get(key, {}))
        out[key] = {"breakdown": score(pack, data), "respondents": respondents.get(key, {})}
    return out


def _published_by(rnd: AssessmentRound, field: str) -> dict[int, dict[str, PublishedScore]]:
    out: dict[int, dict[str, PublishedScore]] = defaultdict(dict)
    for p in PublishedScore.objects.filter(round=rnd, **{f"{field}__isnull": False}):
        out[getattr(p, f"{field}_id")][p.code] = p
    return out


def _mean_of_rounded(a, b):
    """The per-unit mean of the report: the mean of the two rounded tool scores."""
    if a is None or b is None:
        return None
    return (Fraction(round2(Fraction(a))) + Fraction(round2(Fraction(b)))) / 2


def units(rnd: AssessmentRound, totals: dict[str, int] | None = None) -> dict:
    """Scores per unit: IIT n, IIT, EIT n, EIT and the mean of the two. Computed from the
    unit's counts; a published report's table where there are no counts."""
    totals = tool_totals(rnd) if totals is None else totals
    computed, published = _scores_by(rnd, "unit"), _published_by(rnd, "unit")
    rows = []
    for unit in rnd.agency.units.all():
        row = {"unit": unit, "source": None}
        if unit.pk in computed:
            b, n = computed[unit.pk]["breakdown"], computed[unit.pk]["respondents"]
            for tool in ("IIT", "EIT"):
                row[tool] = b.tools[tool].score if tool in b.tools else None
                row[f"{tool}_n"] = n.get(tool)
            row["source"] = "counts"
        elif unit.pk in published:
            p = published[unit.pk]
            for tool in ("IIT", "EIT"):
                row[tool] = Fraction(p[tool].score) if tool in p else None
                row[f"{tool}_n"] = p[tool].respondents if tool in p else None
            row["source"] = "published"
        else:
            continue
        rows.append(row)
    hidden = {tool: hidden_cells([r[f"{tool}_n"] for r in rows], totals.get(tool)) for tool in ("IIT", "EIT")}
    for i, row in enumerate(rows):
        row["suppressed"] = []
        for tool in ("IIT", "EIT"):
            if hidden[tool][i]:
                row[tool] = row[f"{tool}_n"] = None
                row["suppressed"] += [tool, f"{tool}_n"]
        row["mean"] = _mean_of_rounded(row["IIT"], row["EIT"])
        if row["suppressed"]:
            row["suppressed"].append("mean")
    return {"rows": rows, "suppressed": any(r["suppressed"] for r in rows),
            "published": any(r["source"] == "published" for r in rows)}


def service_types(rnd: AssessmentRound, totals: dict[str, int] | None = None) -> dict:
    """Scores per service type: n, EIT and each EIT question."""
    pack = rnd.pack
    totals = tool_totals(rnd) if totals is None else totals
    questions = pack.question_codes("EIT")
    computed, published = _scores_by(rnd, "service_type"), _published_by(rnd, "service_type")
    rows = []
    for service in rnd.agency.service_types.all():
        row = {"service_type": service, "questions": {}}
        if service.pk in computed:
            b, n = computed[service.pk]["breakdown"], computed[service.pk]["respondents"]
            row["EIT"], row["n"], row["source"] = b.tools["EIT"].score, n.get("EIT"), "counts"
            row["questions"] = {q: b.questions[q].score for q in questions}
        elif service.pk in published:
            p = published[service.pk]
            row["EIT"] = Fraction(p["EIT"].score) if "EIT" in p else None
            row["n"] = p["EIT"].respondents if "EIT" in p else None
            row["questions"] = {q: Fraction(p[q].score) if q in p else None for q in questions}
            row["source"] = "published"
        else:
            continue
        rows.append(row)
    hidden = hidden_cells([r["n"] for r in rows], totals.get("EIT"))
    for row, h in zip(rows, hidden):
        row["suppressed"] = h
        if h:
            row["EIT"] = row["n"] = None
            row["questions"] = {q: None for q in questions}
    return {"rows": rows, "questions": questions, "suppressed": any(hidden),
            "published": any(r["source"] == "published" for r in rows)}


def report_tables(rnd: AssessmentRound) -> dict:
    totals = tool_totals(rnd)
    return {
        "min_cell": min_cell(),
        "totals": totals,
        "by_gender": respondents_by_gender(rnd, totals),
        "by_language": respondents_by_language(rnd, totals),
        "demographics": demographics(rnd, totals),
        "units": units(rnd, totals),
        "service_types": service_types(rnd, totals),
    }
