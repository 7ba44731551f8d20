"""Import a published ITA result report (the figures of seed 001 section 2, in the JSON
shape of fixtures/laksi-2567.json): option counts, published scores, OIT results,
respondents, demographics and the per-unit and per-service tables. All or nothing."""
from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from prongsai.people import audit
from prongsai.agencies.models import Agency, AssessmentRound, ServiceType, Unit
from prongsai.agencies.services import ensure_agency, ensure_round
from prongsai.oit.services import ensure_disclosures, import_verdict
from prongsai.documents.thai import BE_OFFSET, join_sara_am
from prongsai.scoring import Pack, PackError, is_be_year, load_pack, pack_for_year
from prongsai.scoring.inputs import AGENCY_CODE, InputErrors
from prongsai.scoring.packs import not_be_year

from .models import OptionCount, PublishedScore, RespondentTally

FIXTURE_DEMOGRAPHIC_KEYS = {"p1_contact_frequency": "p1", "p2_contact_as": "p2", "p4_resident": "p4"}


class _Problems(list):
    def check(self, condition: bool, message: str) -> bool:
        if not condition:
            self.append(message)
        return condition


def _decimal(value, where: str, problems: _Problems) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        problems.append(f"{where}: {value!r} is not a number")
        return None
    if not problems.check(number.is_finite() and 0 <= number <= 100, f"{where}: {value} is outside 0–100"):
        return None
    return number


MAX_COUNT = 2_000_000_000  # what the database keeps in a count


def _count(value, where: str, problems: _Problems) -> int | None:
    """A respondent count: absent, or a whole number ≥ 0."""
    if value is None:
        return None
    if problems.check(isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT,
                      f"{where}: {value!r} is not a whole number 0–{MAX_COUNT:,}"):
        return value
    return None


# The containers of a report, and the texts used as names: {key: shape} a mapping ("*" any key),
# [shape] a list of them, str a text. A value of another kind is named before anything reads it.
SHAPE = {
    "agency": {"code": str},
    "questions": {tool: [{"code": str, "counts": list}] for tool in ("IIT", "EIT", "OIT")},
    "published": {"indicators": {}, "tools": {}},
    "respondents": {"by_tool_gender": {"*": {}}, "eit_by_language": {}},
    "demographics": {"*": {"*": [{"option_th": str}]}},
    "units": [{"unit_th": str}],
    "service_types": [{"service_type_th": str, "questions": {}}],
}


def _shape(value, shape, where: str, problems: _Problems) -> None:
    if value is None:  # absent or null: nothing given
        return
    if shape is str:
        problems.check(isinstance(value, str), f"{where}: expected a text, not {json.dumps(value)[:40]}")
    elif shape is list:
        problems.check(isinstance(value, list), f"{where}: expected a list")
    elif isinstance(shape, list):
        if problems.check(isinstance(value, list), f"{where}: expected a list"):
            for n, item in enumerate(value):
                if problems.check(item is not None, f"{where}.{n}: expected a value, not null"):
                    _shape(item, shape[0], f"{where}.{n}", problems)
    elif problems.check(isinstance(value, dict), f"{where}: expected a mapping of names to values"):
        for key, sub in value.items() if "*" in shape else ((k, value.get(k)) for k in shape):
            _shape(sub, shape.get("*", shape.get(key)), f"{where}.{key}", problems)


def _once(seen: dict, key, name: str, path: str, problems: _Problems) -> bool:
    """False (and a problem naming both places) when `key` was given before in the same list."""
    if key in seen:
        problems.append(f"{name}: {path}: {key!r} is given twice (also at {seen[key]})")
        return False
    seen[key] = path
    return True


def import_published_report(path: str | Path, framework: str | None = None, user=None, replace: bool = False) -> AssessmentRound:
    """Load one published report; raise InputErrors listing every problem, saving nothing. A round
    holding a published report already is replaced only with `replace` (the command asks for it)."""
    path = Path(path)
    name = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
        if not text.strip():
            raise InputErrors([f"{name}: the file is empty"])
        if "\x00" in text:  # UTF-16 without a byte-order mark reads as UTF-8 with NUL bytes
            raise InputErrors([f"{name}: not UTF-8 text (a NUL byte: UTF-16?): save the report as UTF-8"])
        doc = json.loads(text)
    except FileNotFoundError:
        raise InputErrors([f"{name}: no such file"]) from None
    except IsADirectoryError:
        raise InputErrors([f"{name}: is a folder, not a file"]) from None
    except UnicodeDecodeError as exc:
        raise InputErrors([f"{name}: not UTF-8 text (byte {exc.start + 1}): save the report as UTF-8"]) from None
    except json.JSONDecodeError as exc:
        raise InputErrors([f"{name}: not valid JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}"]) from None
    except RecursionError:
        raise InputErrors([f"{name}: not a JSON report: nested too deeply"]) from None
    problems = _Problems()
    if not isinstance(doc, dict):
        raise InputErrors([f"{name}: not a published report (a JSON object with agency and questions)"])
    for key, shape in SHAPE.items():
        _shape(doc.get(key), shape, f"{name}: {key}", problems)
    if problems:
        raise InputErrors(problems)
    agency = doc.get("agency")
    if not isinstance(agency, dict) or not agency.get("code") or not agency.get("fiscal_year_be"):
        raise InputErrors([f"{name}: agency: needs code and fiscal_year_be"])
    year = agency["fiscal_year_be"]
    if not isinstance(year, int) or isinstance(year, bool):  # "2567" in quotes is a text, not a year
        raise InputErrors([f"{name}: agency.fiscal_year_be: {year!r} is not a number (write it without quotes, e.g. 2568)"])
    if not is_be_year(year):
        raise InputErrors([f"{name}: agency.fiscal_year_be: {not_be_year(year)}"])
    ce = agency.get("fiscal_year_ce")
    if ce is not None and ce != year - BE_OFFSET:
        problems.append(f"{name}: agency.fiscal_year_ce: {ce!r} is not fiscal year {year} B.E. ({year} − 543 = {year - BE_OFFSET})")
    problems.check(isinstance(agency["code"], str) and AGENCY_CODE.fullmatch(agency["code"]),
                   f"{name}: agency.code: {agency['code']!r} is not an agency code (letters, digits, - and _, at most 32)")
    problems.check(bool(doc.get("questions")), f"{name}: questions: missing: a report without its question figures "
                                               "would replace the round's with nothing")
    try:
        pack = load_pack(framework) if framework else pack_for_year(year)
    except PackError as exc:
        raise InputErrors([f"{name}: --framework: {exc}" if framework else f"{name}: agency.fiscal_year_be: {exc}"]) from None
    problems.check(year in pack.fiscal_years,
                   f"{name}: --framework: framework {pack.code} covers fiscal years {pack.fiscal_years}, not {year}")
    known = Agency.objects.filter(code=agency["code"]).first() if not problems else None
    named = " ".join(join_sara_am(str(agency.get("name_th") or "")).split())  # (as it reads: ํา is ำ)
    # a mistyped code put a report onto another district's figures (a tester): the name must agree
    # (an agency an import of questionnaires or verdicts made is named by its code: it takes the file's name)
    problems.check(known is None or not named or known.name_th in ("", known.code) or named == " ".join(join_sara_am(known.name_th).split()),
                   f"{name}: agency.name_th: {named!r} is not the name of agency {agency['code']} "
                   f"({known.name_th if known else ''!r}): check the code")
    existing = AssessmentRound.objects.filter(agency__code=agency["code"], fiscal_year=year).first() if not problems else None
    if existing is not None and not replace:
        problems.check(not PublishedScore.objects.filter(round=existing).exists() and not OptionCount.objects.filter(round=existing).exists(),
                       f"{name}: agency {agency['code']}: its {year} round holds a report already: give --replace to replace it")
    if existing is not None:
        held = existing.responses.count()
        problems.check(not held, f"{name}: agency {agency['code']}: its {year} round holds {held} questionnaires; a published "
                                 "report would replace their counts (a round is either collected or published)")
        # questionnaires collected into it afterwards would be the difference from the public report
        problems.check(held or existing.opens_at is None,
                       f"{name}: agency {agency['code']}: its {year} round has a collection window; a published report "
                       "is not put into a round that collects (a round is either collected or published)")
    plan = _plan(pack, doc, name, problems)
    if problems:
        raise InputErrors(problems)
    with transaction.atomic():
        agency_row = ensure_agency(agency["code"], pack, named, agency.get("name_en", ""))  # (the name as compared)
        if named and agency_row.name_th == agency_row.code:  # named by its code by an earlier import: now by its name
            agency_row.name_th = named
            agency_row.save(update_fields=["name_th"])
        rnd = ensure_round(agency_row, year, pack.code)
        for model in (OptionCount, RespondentTally, PublishedScore):
            model.objects.filter(round=rnd).delete()
        _save(rnd, plan)
        audit.record(user, audit.UPDATE, rnd, after={
            "published_report": name, "scores": len(plan["scores"]), "counts": len(plan["counts"])})
    return rnd


def _plan(pack: Pack, doc: dict, name: str, problems: _Problems) -> dict:
    """Everything to save, validated against the pack, before anything is written."""
    plan = {"counts": [], "tallies": [], "scores": [], "verdicts": []}
    questions = doc.get("questions") or {}
    for tool in ("IIT", "EIT"):
        seen = {}
        for n, q in enumerate(questions.get(tool) or []):
            where = f"{name}: questions.{tool}.{n}"
            code = q.get("code")
            if not problems.check(code in pack.question_codes(tool), f"{where}.code: unknown {tool} question {code!r}"):
                continue
            if not _once(seen, code, name, f"questions.{tool}.{n}.code", problems):
                continue
            counts = q.get("counts")
            if counts is not None:
                size = len(pack.scales[pack.question(code).scale].points)
                if not problems.check(
                    isinstance(counts, list) and len(counts) == size
                    and all(isinstance(c, int) and not isinstance(c, bool) and 0 <= c <= MAX_COUNT for c in counts),
                    f"{where}.counts: expected {size} whole numbers 0–{MAX_COUNT:,}",
                ):
                    counts = None  # said; not summed below (a null or "12" among them crashed the sum)
                else:
                    plan["counts"] += [(tool, code, None, i + 1, c) for i, c in enumerate(counts) if c]
            if q.get("published_score") is not None:
                value = _decimal(q["published_score"], f"{where}.published_score", problems)
                if value is not None:
                    plan["scores"].append((code, None, None, value, sum(counts) if counts else None))
    seen = {}
    for n, item in enumerate(questions.get("OIT") or []):
        where = f"{name}: questions.OIT.{n}"
        code = item.get("code")
        if problems.check(code in pack.item_codes(), f"{where}.code: unknown OIT item {code!r}") and _once(
                seen, code, name, f"questions.OIT.{n}.code", problems):
            if item.get("published_score") is not None:
                value = _decimal(item["published_score"], f"{where}.published_score", problems)
                if value is not None:
                    plan["verdicts"].append((code, value))

    published = doc.get("published") or {}
    for group in ("indicators", "tools"):
        for code, value in (published.get(group) or {}).items():
            number = _decimal(value, f"{name}: published.{group}.{code}", problems)
            if number is not None:
                plan["scores"].append((code, None, None, number, None))

    respondents = doc.get("respondents") or {}
    by_language = respondents.get("eit_by_language") or {}
    for tool, cells in (respondents.get("by_tool_gender") or {}).items():
        if not problems.check(tool in ("IIT", "EIT"), f"{name}: respondents.by_tool_gender: unknown tool {tool!r}"):
            continue
        total = _count(cells.get("รวม"), f"{name}: respondents.by_tool_gender.{tool}.รวม", problems)
        genders = {k: _count(v, f"{name}: respondents.by_tool_gender.{tool}.{k}", problems) for k, v in cells.items() if k != "รวม"}
        if total is None:
            continue
        if genders and None not in genders.values():
            problems.check(sum(genders.values()) == total, f"{name}: respondents.by_tool_gender.{tool}: the genders add up "
                                                           f"to {sum(genders.values())}, not รวม {total}")
        if tool == "EIT" and by_language:
            counts = {language: _count(count, f"{name}: respondents.eit_by_language.{language}", problems)
                      for language, count in by_language.items()}
            if None in counts.values():
                continue
            for language, count in counts.items():
                if count:
                    plan["tallies"].append((tool, None, None, language, count))
            problems.check(
                sum(counts.values()) == total,
                f"{name}: respondents.eit_by_language: the languages add up to {sum(counts.values())}, not {total}",
            )
        else:
            plan["tallies"].append((tool, None, None, "", total))

    for tool, groups in (doc.get("demographics") or {}).items():
        known = {d.code: d for d in pack.demographics.get(tool, [])}
        for key, rows in (groups or {}).items():
            code = FIXTURE_DEMOGRAPHIC_KEYS.get(key, key)
            if not problems.check(code in known, f"{name}: demographics.{tool}.{key}: unknown demographic question"):
                continue
            options = [o.th for o in known[code].options]
            for m, row in enumerate(rows or []):
                count = _count(row.get("count"), f"{name}: demographics.{tool}.{key}.{m}.count", problems)
                if problems.check(row.get("option_th") in options,
                                  f"{name}: demographics.{tool}.{key}.{m}: unknown option {row.get('option_th')!r}"):
                    if count:
                        plan["counts"].append((tool, code, None, options.index(row["option_th"]) + 1, count))

    units = {u.name.th: u.code for u in pack.default_units}
    seen = {}
    for n, row in enumerate(doc.get("units") or []):
        where = f"{name}: units.{n}"
        if not problems.check(row.get("unit_th") in units, f"{where}.unit_th: unknown unit {row.get('unit_th')!r}"):
            continue
        if not _once(seen, row["unit_th"], name, f"units.{n}.unit_th", problems):
            continue
        unit = units[row["unit_th"]]
        for tool in ("iit", "eit"):
            respondents = _count(row.get(f"{tool}_n"), f"{where}.{tool}_n", problems)
            if row.get(f"{tool}_score") is not None:
                value = _decimal(row[f"{tool}_score"], f"{where}.{tool}_score", problems)
                if value is not None:
                    plan["scores"].append((tool.upper(), unit, None, value, respondents))
    services = {s.name.th: s.code for s in pack.service_types}
    seen_services = {}
    for n, row in enumerate(doc.get("service_types") or []):
        where = f"{name}: service_types.{n}"
        if not problems.check(row.get("service_type_th") in services,
                              f"{where}.service_type_th: unknown service type {row.get('service_type_th')!r}"):
            continue
        if not _once(seen_services, row["service_type_th"], name, f"service_types.{n}.service_type_th", problems):
            continue
        service = services[row["service_type_th"]]
        respondents = _count(row.get("eit_n"), f"{where}.eit_n", problems)
        cells = {"EIT": row.get("eit_score"), **(row.get("questions") or {})}
        for code, value in cells.items():
            if value is not None:
                number = _decimal(value, f"{where}.{code}", problems)
                if number is not None:
                    plan["scores"].append((code, None, service, number, respondents))
    return plan


def _save(rnd: AssessmentRound, plan: dict) -> None:
    pack, agency = rnd.pack, rnd.agency
    units = {u.code: u for u in agency.units.all()}
    for u in pack.default_units:
        if u.code not in units and any(row[1] == u.code for row in plan["scores"]):
            units[u.code] = Unit.objects.create(agency=agency, code=u.code, name_th=u.name.th, name_en=u.name.en)
    services = {s.code: s for s in agency.service_types.all()}
    for s in pack.service_types:
        if s.code not in services and any(row[2] == s.code for row in plan["scores"]):
            services[s.code] = ServiceType.objects.create(agency=agency, code=s.code, name_th=s.name.th, name_en=s.name.en)
    OptionCount.objects.bulk_create(
        OptionCount(round=rnd, tool=tool, question=q, unit=units.get(unit), option=o, count=c)
        for tool, q, unit, o, c in plan["counts"]
    )
    RespondentTally.objects.bulk_create(
        RespondentTally(round=rnd, tool=tool, unit=units.get(unit), service_type=services.get(st), language=lang, count=c)
        for tool, unit, st, lang, c in plan["tallies"]
    )
    PublishedScore.objects.bulk_create(
        PublishedScore(round=rnd, code=code, unit=units.get(unit), service_type=services.get(st), score=s, respondents=n)
        for code, unit, st, s, n in plan["scores"]
    )
    # OIT verdicts go through the disclosure workflow, so links, files and history stay and
    # the change is recorded as an import
    disclosures = {d.item: d for d in ensure_disclosures(rnd)}
    for item, score in plan["verdicts"]:
        import_verdict(disclosures[item], score)
