"""`prongsai import-oit`: O.csv verdicts and URLs into a fiscal year's rounds. All or nothing."""
from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from prongsai.agencies.models import Agency, AssessmentRound
from prongsai.agencies.services import ensure_agency, ensure_round, unknown_agencies
from prongsai.forms import web_link
from prongsai.scoring import PackError, load_pack, pack_for_year
from prongsai.scoring.inputs import InputErrors, also_rows, parse_verdicts, read_table, row_of

from .services import MAX_URL_LENGTH, ensure_disclosures, import_verdict, published_round_ids


def import_oit(path: str | Path, year: int, framework: str | None = None, new_agencies: bool = False) -> list[AssessmentRound]:
    """Load O.csv (agency_code,item,result[,url]) into the rounds of `year`, creating rounds (and, with
    `new_agencies`, agencies) when missing (each round returned says so: `new_agency`, `new_round`;
    and which items the file changed: `changed`).
    Raise InputErrors listing every problem, writing nothing."""
    path = Path(path)
    try:
        pack = load_pack(framework) if framework else pack_for_year(year)
    except PackError as exc:
        raise InputErrors([f"{path.name}: {exc}"]) from None
    if year not in pack.fiscal_years:
        raise InputErrors([f"{path.name}: framework {pack.code} covers fiscal years {pack.fiscal_years}, not {year}"])
    table = read_table(path)
    problems = []
    for line, row in table.rows:
        url = row.get("url", "")
        if url:
            try:
                web_link(url)
            except ValidationError:
                problems.append(f"{table.name} row {line}, column url: {url!r} is not an http(s) address")
            else:
                if len(url) > MAX_URL_LENGTH:
                    problems.append(f"{table.name} row {line}, column url: longer than {MAX_URL_LENGTH} characters")
        if len(row.get("agency_code", "")) > 32:
            problems.append(f"{table.name} row {line}, column agency_code: longer than 32 characters")
    try:
        verdicts = parse_verdicts(pack, table)
    except InputErrors as exc:
        raise InputErrors(sorted(exc.problems + problems, key=row_of)) from None
    existing = {r.agency.code: r for r in AssessmentRound.objects.filter(fiscal_year=year).select_related("agency")}
    published_ids = published_round_ids([rnd.pk for rnd in existing.values()])
    published = {code for code, rnd in existing.items() if rnd.pk in published_ids}
    # each agency's problem once, at its first row, with its other rows (a 300-row file gave 300 lines)
    lines: dict[str, list[int]] = {}
    for v in verdicts:
        lines.setdefault(v.agency_code, []).append(v.line)
    for code, at in lines.items():
        rnd = existing.get(code)
        if rnd and rnd.framework != pack.code:
            problems.append(f"{table.name} row {at[0]}, column agency_code: the {year} round of {code} "
                            f"uses framework {rnd.framework}, not {pack.code}" + also_rows(at))
        if code in published:  # its verdicts are the report's: a corrected report is imported again
            problems.append(f"{table.name} row {at[0]}, column agency_code: the {year} results of {code} are a "
                            "published official report (prongsai import-report); its OIT verdicts are not changed"
                            + also_rows(at))
    if not new_agencies:
        problems += unknown_agencies(table.name, ((v.line, v.agency_code) for v in verdicts), "import-oit")
    if not verdicts:
        problems.append(f"{table.name}: the file has a header but no rows")
    if problems:
        raise InputErrors(problems)
    rounds: dict[str, AssessmentRound] = {}
    known = set(Agency.objects.filter(code__in={v.agency_code for v in verdicts}).values_list("code", flat=True))
    with transaction.atomic():
        for v in verdicts:
            if v.agency_code not in rounds:
                agency = ensure_agency(v.agency_code, pack)
                rnd = ensure_round(agency, year, pack.code)
                rnd.new_agency, rnd.new_round = v.agency_code not in known, v.agency_code not in existing
                rounds[v.agency_code] = rnd
                disclosures = {d.item: d for d in ensure_disclosures(rnd)}
                rounds[v.agency_code]._disclosures = disclosures
                rnd.changed = []
            if import_verdict(rounds[v.agency_code]._disclosures[v.item], v.score, v.url) is not None:
                rounds[v.agency_code].changed.append(v.item)  # (the same verdict and link again: no event)
    return [rounds[code] for code in sorted(rounds)]
