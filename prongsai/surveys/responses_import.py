"""Importing questionnaires from R.csv (or XLSX with the same columns) into rounds.

Validation reuses the scoring engine's readers (`read_table`, `parse_responses`) and adds
what only the database knows: the agency's units and service types and the round's
framework. Every problem is listed (row, column, why) before anything is saved; then the
whole file is stored in one transaction, as anonymous responses plus their counts.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from prongsai.people import audit
from prongsai.agencies.models import Agency, AssessmentRound
from prongsai.agencies.services import ensure_agency, ensure_round, unknown_agencies
from prongsai.documents.thai import BE_OFFSET, fiscal_year_of
from prongsai.reports.suppression import reopening_reveals
from prongsai.scoring import Pack, PackError, load_pack, pack_for_year
from prongsai.scoring.inputs import (
    ARABIC_DIGITS, LANGUAGES, InputErrors, ParsedResponse, Table, also_rows, parse_responses, read_table, row_of,
)

from .intake import Answer, store_responses
from .models import ImportedRow


def row_digest(agency_code: str, year: int, response_id: str) -> str:
    return hashlib.sha256(f"{agency_code}|{year}|{response_id}".encode()).hexdigest()


@dataclass
class ImportPlan:
    """A validated file, ready to save."""

    name: str
    pack: Pack
    year: int
    responses: list[ParsedResponse]
    dates: dict[int, date | None]
    warnings: list[str] = field(default_factory=list)
    new_agencies: list[str] = field(default_factory=list)
    new_rounds: list[str] = field(default_factory=list)

    def summary(self) -> list[dict]:
        """Questionnaires per agency and tool, sorted by agency code."""
        counts = Counter((r.agency_code, r.tool) for r in self.responses)
        return [
            {"agency_code": code, "IIT": counts.get((code, "IIT"), 0), "EIT": counts.get((code, "EIT"), 0),
             "new_agency": code in self.new_agencies, "new_round": code in self.new_rounds}
            for code in sorted({r.agency_code for r in self.responses})
        ]


def _pack(year: int, framework: str | None) -> Pack:
    try:
        pack = load_pack(framework) if framework else pack_for_year(year)
    except PackError as exc:
        raise InputErrors([f"--framework: {exc}" if framework else f"--year: {exc}"]) from None
    if year not in pack.fiscal_years:
        raise InputErrors([f"--year: framework {pack.code} covers fiscal years {pack.fiscal_years}, not {year}"])
    return pack


_BE_YEAR = re.compile(r"^\s*(2[4-9]\d\d)-")  # 2568-01-15: a Buddhist-era year (29 Feb 2567 is no Christian-era date)


_DAY_FIRST = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")  # 15/01/2024: how Thai Excel writes a day


def _day(raw: str) -> date | None:
    raw = raw.strip().translate(ARABIC_DIGITS)
    if not raw:
        return None
    day_first = _DAY_FIRST.match(raw)
    if day_first:
        day, month, year = (int(g) for g in day_first.groups())
        if year > 2400:
            raise BuddhistEraYear(year)
        return date(year, month, day)
    if _BE_YEAR.match(raw):
        raise BuddhistEraYear(int(raw[:4]))
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
    except ValueError:
        return date.fromisoformat(raw[:10])


class BuddhistEraYear(ValueError):
    def __init__(self, year: int):
        super().__init__(year)
        self.year = year


def _day_problem(day: date | None, year: int, today: date) -> str:
    """Why a questionnaire cannot have been sent on `day` in fiscal year `year`, or ""."""
    if day is None:
        return ""
    if day > today:
        return "is in the future"
    if fiscal_year_of(day) != year:
        return f"is not in fiscal year {year} ({year - BE_OFFSET - 1}-10-01 to {year - BE_OFFSET}-09-30)"
    return ""


def plan_import(path: str | Path, year: int, framework: str | None = None, data: bytes | None = None,
                table: Table | None = None, new_agencies: bool = False) -> ImportPlan:
    """Read and check a file completely (`table`: the file read already); raise InputErrors with every problem.
    An agency code not in the database is refused unless `new_agencies` (a tester's typo, 99999X, made
    an agency of one questionnaire that the city's table then counted)."""
    pack = _pack(year, framework)
    table = table or read_table(path, data)
    parsed = parse_responses(pack, table, partial=True)  # every problem in one go, not in two passes
    name = table.name
    problems: list[str] = list(parsed.problems)
    agencies = {a.code: a for a in Agency.objects.filter(code__in={r.agency_code for r in parsed.responses})}
    if not new_agencies:
        problems += unknown_agencies(name, ((r.line, r.agency_code) for r in parsed.responses), "import-responses")
    units = {code: _codes((n.name.th, n.code) for n in pack.default_units) for code in {r.agency_code for r in parsed.responses}}
    services = {code: _codes((n.name.th, n.code) for n in pack.service_types) for code in units}
    for code, agency in agencies.items():
        units[code] = _codes((u.name_th, u.code) for u in agency.units.all())
        services[code] = _codes((s.name_th, s.code) for s in agency.service_types.all())
    rounds = {
        r.agency.code: r for r in AssessmentRound.objects.filter(agency__code__in=units, fiscal_year=year).select_related("agency")
    }
    for code, rnd in sorted(rounds.items()):
        if rnd.framework != pack.code:
            problems.append(f"{name}: agency {code}: its {year} round uses framework {rnd.framework}, not {pack.code}")
        elif reopening_reveals(rnd):
            # as a closed window does not open again: read before and after, the results would give
            # the added respondents' answers as their difference
            problems.append(_read_already(name, code, year))
    seen = set(
        ImportedRow.objects.filter(round__in=rounds.values()).values_list("digest", flat=True)
    ) if rounds else set()
    dates = {}
    before: dict[str, list] = {}  # an agency's rows imported already: said once, with their rows (the file again?)
    today = timezone.localdate()
    tools = {t.code for t in pack.survey_tools()}
    for r in parsed.responses:
        if not r.agency_code or r.tool not in tools:
            continue  # named already; what else is checked depends on the agency and the tool
        if r.response_id and row_digest(r.agency_code, year, r.response_id) in seen:
            before.setdefault(r.agency_code, []).append(r)
        if r.unit:
            if _key(r.unit) not in units[r.agency_code]:
                problems.append(f"{name} row {r.line}, column unit: unknown unit {r.unit!r} of agency {r.agency_code} "
                                f"(its units: {units[r.agency_code].listed})")
            else:
                r.unit = units[r.agency_code][_key(r.unit)]
        if r.service_type:
            if r.tool != "EIT":
                problems.append(f"{name} row {r.line}, column service_type: only EIT rows have a service type")
            elif _key(r.service_type) not in services[r.agency_code]:
                problems.append(
                    f"{name} row {r.line}, column service_type: unknown service type {r.service_type!r} of agency {r.agency_code} "
                    f"(its service types: {services[r.agency_code].listed})"
                )
            else:
                r.service_type = services[r.agency_code][_key(r.service_type)]
        if r.language in LANGUAGES and r.language not in (pack.languages.get(r.tool) or [r.language]):
            problems.append(f"{name} row {r.line}, column language: the {r.tool} is not offered in {r.language!r}")
        try:
            dates[r.line] = _day(r.submitted_at)
        except BuddhistEraYear as exc:
            problems.append(f"{name} row {r.line}, column submitted_at: {r.submitted_at.strip()!r} has a Buddhist-era year: "
                            f"write the Christian-era year ({exc.year} − 543 = {exc.year - BE_OFFSET})")
        except ValueError:
            problems.append(f"{name} row {r.line}, column submitted_at: {r.submitted_at!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)")
        else:
            wrong_day = _day_problem(dates[r.line], year, today)
            if wrong_day:
                problems.append(f"{name} row {r.line}, column submitted_at: {r.submitted_at.strip()!r} {wrong_day}")
        wrong = sorted(set(r.demographics) - {d.code for d in pack.demographics.get(r.tool, [])})
        for code in wrong:
            problems.append(f"{name} row {r.line}, column {code}: not a demographic question of the {r.tool}")
    for code, rows in before.items():
        problems.append(f"{name} row {rows[0].line}, column response_id: {rows[0].response_id!r} of agency {code} "
                        f"was imported into the {year} round before" + also_rows([r.line for r in rows]))
    if problems:
        raise InputErrors(sorted(problems, key=row_of))  # in the file's order
    plan = ImportPlan(name, pack, year, parsed.responses, dates, parsed.warnings)
    plan.new_agencies = sorted(set(units) - set(agencies))
    plan.new_rounds = sorted(set(units) - set(rounds))
    return plan


def _key(name: str) -> str:
    """A unit's or service type's name or code as looked up: without spaces, in lower case (the
    official "งานขออนุมัติ/ อนุญาต" has a space a typist leaves out; PERMIT is permit)."""
    return "".join(name.split()).casefold()


class _Lookup(dict):
    """Codes by `_key` of a name or code; `listed`: the names with their codes, as an error lists them
    (a tester met "unknown unit" with no way to see which there are, another a Thai name answered
    with English codes only)."""

    listed = ""


def _codes(named) -> _Lookup:
    """(Thai name, code) pairs → a lookup by `_key` of either."""
    named = list(named)
    lookup = _Lookup({**{_key(name): code for name, code in named}, **{_key(code): code for _, code in named}})
    lookup.listed = ", ".join(f"{name} ({code})" for name, code in named)
    return lookup


def _read_already(name: str, code: str, year: int) -> str:
    return (f"{name}: agency {code}: its {year} round holds questionnaires whose results can have been read; adding "
            "more would reveal the new respondents' answers as the difference (bring a round's questionnaires in one "
            "file, or while it is collecting)")


def save_import(plan: ImportPlan, user=None) -> list[AssessmentRound]:
    """Store a checked plan in one transaction; returns the rounds touched. The audit log gets
    one entry per round (how many questionnaires from which file) — never one per response.

    The plan was checked before; each round is checked again here, locked: another save (a second
    tab, a second file) may have stored questionnaires in it since (InputErrors, nothing saved)."""
    by_agency: dict[str, list[ParsedResponse]] = {}
    for r in plan.responses:
        by_agency.setdefault(r.agency_code, []).append(r)
    touched = []
    with transaction.atomic():
        for code, rows in sorted(by_agency.items()):
            agency = ensure_agency(code, plan.pack)
            rnd = ensure_round(agency, plan.year, plan.pack.code)
            rnd = AssessmentRound.objects.select_for_update().get(pk=rnd.pk)  # one save at a time into a round
            if reopening_reveals(rnd):
                raise InputErrors([_read_already(plan.name, code, plan.year)])
            units = {u.code: u for u in agency.units.all()}
            services = {s.code: s for s in agency.service_types.all()}
            answers = [
                Answer(
                    tool=r.tool, unit=units.get(r.unit), service_type=services.get(r.service_type),
                    language=r.language,  # unknown stays blank, never guessed
                    answers={q: v for q, v in r.answers.items() if v is not None},
                    demographics=dict(r.demographics), submitted_on=plan.dates.get(r.line),
                )
                for r in rows
            ]
            store_responses(rnd, answers)
            try:
                with transaction.atomic():
                    ImportedRow.objects.bulk_create(
                        ImportedRow(round=rnd, digest=row_digest(code, plan.year, r.response_id)) for r in rows if r.response_id
                    )
            except IntegrityError:  # the same rows, saved meanwhile into a round that is collecting
                raise InputErrors([f"{plan.name}: agency {code}: its {plan.year} round received these questionnaires "
                                   "meanwhile (another save of the same file); nothing was saved"]) from None
            audit.record(user, audit.UPDATE, rnd, after={
                "imported_questionnaires": len(rows), "file": str(plan.name)[:200], "fiscal_year": plan.year})
            touched.append(rnd)
    return touched
