"""Reading the documented input files (R.csv, O.csv, Q.csv; XLSX with the same columns).

Every problem is collected with its file, row and column; nothing is half-read. A caller
gets either the whole parsed file or an `InputErrors` listing what is wrong.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Iterable, Iterator

from .engine import AgencyInput, tally
from .packs import Pack

MAX_SHOWN = 20
LANGUAGES = ("th", "en", "zh", "my")
QUESTION_COLUMN = re.compile(r"^[A-Z][0-9]+$")
OPTIONAL_RESPONSE_COLUMNS = ("response_id", "submitted_at", "language", "unit", "service_type")


class InputErrors(Exception):
    """All the problems of one or more input files."""

    def __init__(self, problems: list[str]):
        problems = by_row([one_line(p) for p in problems])  # names and cells quoted from a file stay on the line
        super().__init__("\n".join(problems))
        self.problems = problems

    def lines(self, limit: int = MAX_SHOWN) -> list[str]:
        shown = self.problems[:limit]
        rest = len(self.problems) - len(shown)
        if rest:
            shown.append(f"… and {rest} more problem{'s' if rest > 1 else ''}")
        return shown


_IN_COLUMN = re.compile(r"^(?P<row>.+? row \d+), column (?P<column>[^:]+): (?P<what>.+)$")


def row_of(problem: str) -> int:
    """The row a problem names ("R.csv row 12, …" → 12; 0: the file as a whole), to sort by."""
    found = re.search(r" row (\d+)", problem)
    return int(found.group(1)) if found else 0


def by_row(problems: list[str]) -> list[str]:
    """One line for the same problem in several columns of a row ("R.csv row 3, columns I1, I2, I3:
    an IIT answer on an EIT row"), where that row first has it; every other problem as it is."""
    out: list[str | list] = []
    where: dict[tuple[str, str], list] = {}  # (row, problem) -> [row, [columns], problem]
    for problem in problems:
        match = _IN_COLUMN.match(problem)
        if match is None:
            out.append(problem)
            continue
        key = (match["row"], match["what"])
        if key in where:
            where[key][1].append(match["column"])
        else:
            where[key] = [match["row"], [match["column"]], match["what"]]
            out.append(where[key])
    return [p if isinstance(p, str) else
            f"{p[0]}, column{'s' if len(p[1]) > 1 else ''} {', '.join(p[1])}: {p[2]}" for p in out]


@dataclass
class Table:
    """A file's header and rows (each row with its 1-based line number in the file)."""

    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    # rows of a CSV file with fewer cells than its header (line -> cells), their missing cells blank: a
    # questionnaire cut short lost its last answers (`parse_responses` refuses it), while an OIT row
    # without its optional link is whole
    short: dict[int, int] = field(default_factory=dict)
    columns: int = 0  # cells in the header, as written


def read_table(path: str | Path, data: bytes | None = None) -> Table:
    """Read a CSV (UTF-8, BOM allowed) or XLSX file into a Table; problems raise InputErrors."""
    path = Path(path)
    name = path.name
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputErrors([f"{name}: cannot be read: {exc.strerror}"]) from None
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(name, data)
    if not data.strip():
        raise InputErrors([f"{name}: the file is empty"])
    if data.startswith(b"PK\x03\x04"):  # a workbook (a ZIP) named .csv
        raise InputErrors([f"{name}: an Excel workbook (XLSX) named .csv: save it as CSV UTF-8, or name it .xlsx"])
    if data.startswith(b"%PDF"):
        raise InputErrors([f"{name}: a PDF document, not a table: give the CSV or XLSX file"])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode Text" save
        raise InputErrors([f"{name}: not UTF-8 text (it is UTF-16); save it as CSV UTF-8"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if _thai_windows(data):
            raise InputErrors([f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}: Thai Windows text, "
                               "TIS-620); save it as CSV UTF-8"]) from None
        raise InputErrors([f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); save it as CSV UTF-8"]) from None
    if "\x00" in text:  # UTF-16/32 without a byte-order mark decodes as UTF-8 with NUL bytes
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputErrors([f"{name}: not UTF-8 text (a NUL byte on line {line}: UTF-16?); save it as CSV UTF-8"])
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        records = list(reader)
    except csv.Error as exc:
        raise InputErrors([f"{name}: not a readable CSV file: {exc}"]) from None
    return _table(name, records, first_line=1)


def _cells(sheet) -> Iterator[list[str]]:
    """A worksheet's rows as text cells, read as they are asked for."""
    return (["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True))


def _names_agency_code(rows: Iterable[list[str]]) -> bool:
    """Its first row with anything in it names agency_code (the rest is not read)."""
    first = next((r for r in rows if any(c.strip() for c in r)), [])
    return "agency_code" in (c.strip().lower() for c in first)


def _thai_windows(data: bytes) -> bool:
    """Bytes that read as Thai in Windows' Thai code page (cp874, TIS-620 and more): a CSV saved by Excel
    in a Thai Windows as "CSV (Comma delimited)"."""
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError:
        return False
    return any("\u0e01" <= ch <= "\u0e5b" for ch in text)


def _read_xlsx(name: str, data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        raise InputErrors([f"{name}: not a readable XLSX workbook"]) from None
    # the first sheet whose first row names agency_code (a workbook often opens with a sheet of notes),
    # else the first; only that one is read whole
    sheet = next((ws for ws in book.worksheets if _names_agency_code(_cells(ws))), book.worksheets[0] if book.worksheets else None)
    records = list(_cells(sheet)) if sheet is not None else []
    book.close()
    # a workbook written without its dimension (streaming writers) ends each row at its last filled
    # cell when read: the rest are blank cells, not a row cut short
    width = max((len(r) for r in records), default=0)
    records = [r + [""] * (width - len(r)) for r in records]
    if not any(any(c.strip() for c in r) for r in records):
        raise InputErrors([f"{name}: the file is empty"])
    return _table(name, records, first_line=1)


def also_rows(lines: list[int]) -> str:
    """After a problem said at its first row, the others it is on: '; also rows 9, 12' (the first five,
    then how many more); "" for none. One line for a problem of many rows (a tester met 300)."""
    rest = lines[1:]
    if not rest:
        return ""
    listed = ", ".join(str(n) for n in rest[:5]) + (f" and {len(rest) - 5} more" if len(rest) > 5 else "")
    return f"; also row{'s' if len(rest) > 1 else ''} {listed}"


def _table(name: str, records: list[list[str]], first_line: int) -> Table:
    while records and not any(c.strip() for c in records[0]):
        records.pop(0)
        first_line += 1
    if not records:
        raise InputErrors([f"{name}: the file is empty"])
    header = [h.strip() for h in records[0]]
    # columns without a header or a single cell (Excel's used range past the data, its CSV's trailing
    # commas) are not there; a column with cells but no header is an error
    ghosts = {i for i, h in enumerate(header) if not h and not any(i < len(r) and r[i].strip() for r in records[1:])}
    problems = []
    named = [h for h in header if h]
    nameless = [n for n, h in enumerate(header, 1) if not h and n - 1 not in ghosts]
    if len(named) == 1 and len(nameless) > 1:  # a title above the header ("ผลการสำรวจ ปี 2568"), often merged
        raise InputErrors([f"{name} row {first_line}: holds one cell, {shown(named[0])}: a title? The column names "
                           "must be the first row"])
    for n in nameless:
        problems.append(f"{name} row {first_line}, column {n}: the header is empty")
    dupes = sorted({h for h in header if h and header.count(h) > 1})
    for h in dupes:
        problems.append(f"{name} row {first_line}, column {h}: the column appears twice")
    if problems:
        raise InputErrors(problems)
    rows = []
    short = {}
    # a row short of the named columns is noted (only the columns past them, Excel's trailing commas,
    # may be missing unsaid); which files may have one is their reader's to say
    needed = max((i + 1 for i in range(len(header)) if i not in ghosts), default=0)
    for offset, record in enumerate(records[1:], 1):
        if not any(c.strip() for c in record):
            continue
        line = first_line + offset
        if len(record) > len(header):
            problems.append(f"{name} row {line}: {len(record)} cells but the header has {len(header)} columns")
            continue
        if len(record) < needed:
            short[line] = len(record)
        rows.append((line, {h: (record[i].strip() if i < len(record) else "") for i, h in enumerate(header) if i not in ghosts}))
    if problems:
        raise InputErrors(problems)
    return Table(name, [h for i, h in enumerate(header) if i not in ghosts], rows, short, len(header))


def _require(table: Table, columns: Iterable[str]) -> list[str]:
    missing = [c for c in columns if c not in table.header]
    if missing and len(table.header) == 1 and ";" in table.header[0]:  # Excel in a Thai or European locale
        return [f"{table.name} row 1: the columns are separated by ';': save the file as CSV with commas (CSV UTF-8)"]
    wrong_case = {h.lower(): h for h in table.header}
    return [f"{table.name} row 1: the required column {c} is missing"
            + (f" (the header has {wrong_case[c]!r}: write it in lower case)" if c in wrong_case else "")
            for c in missing]


# -- R.csv: one row per questionnaire ---------------------------------------------------------


@dataclass
class ParsedResponse:
    line: int
    agency_code: str
    tool: str
    answers: dict[str, int | None]
    demographics: dict[str, int] = field(default_factory=dict)
    response_id: str = ""
    submitted_at: str = ""
    language: str = ""
    unit: str = ""
    service_type: str = ""


@dataclass
class ParsedResponses:
    responses: list[ParsedResponse]
    warnings: list[str]
    problems: list[str] = field(default_factory=list)  # only with partial=True: the rows' problems


def one_line(text: str) -> str:
    """A problem as one printable line: a line break, vertical tab or other control character
    quoted from a file (a header cell, say) is written as its escape (\\x0b), so one problem is
    always one `error:` line."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def shown(raw: str, limit: int = 40) -> str:
    """A cell quoted for an error message, cut short when it is long."""
    return repr(raw if len(raw) <= limit else raw[:limit] + "…")


AGENCY_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,31}")  # as agencies are stored: up to 32 characters


ARABIC_DIGITS = {0x0E50 + n: ord("0") + n for n in range(10)}  # ๐–๙ → 0–9


def agency_code(cell: str) -> str:
    """An agency_code cell as the code it means: Thai digits as the digits they are (๑๐๑๐๔๑ is 101041)."""
    return cell.translate(ARABIC_DIGITS)


def _agency(table: Table, line: int, code: str, problems: list[str]) -> None:
    """The agency_code cell: there, and a code (a spreadsheet's 101041.0 is told as such)."""
    number = re.fullmatch(r"(\d+)\.0+", code)
    if not code:
        problems.append(f"{table.name} row {line}, column agency_code: no agency code")
    elif number:
        problems.append(f"{table.name} row {line}, column agency_code: {shown(code)} is not an agency code "
                        f"(a spreadsheet made it a number: write it as text, {number.group(1)})")
    elif not AGENCY_CODE.fullmatch(code):
        problems.append(f"{table.name} row {line}, column agency_code: {shown(code)} is not an agency code "
                        "(letters, digits, - and _, at most 32)")


def _option(table: Table, line: int, column: str, raw: str, n_options: int, problems: list[str]) -> int | None:
    if raw == "":
        return None
    try:
        as_decimal = Decimal(raw) if len(raw) <= 20 else None
    except InvalidOperation:
        as_decimal = None
    if as_decimal is None or not as_decimal.is_finite():
        problems.append(f"{table.name} row {line}, column {column}: {shown(raw)} is not an option number")
        return None
    if as_decimal != as_decimal.to_integral_value():
        problems.append(f"{table.name} row {line}, column {column}: {shown(raw)} is not a whole option number")
        return None
    value = int(as_decimal)  # Excel writes 5 as 5.0
    if not 1 <= value <= n_options:
        problems.append(f"{table.name} row {line}, column {column}: option {value} is out of range 1–{n_options}")
        return None
    return value


def parse_responses(pack: Pack, table: Table, partial: bool = False) -> ParsedResponses:
    """Validate R.csv rows against the pack; raise InputErrors with every problem found. With
    `partial`, problems of the rows are returned instead (`problems`), so that a
    caller checking more (units, dates) names everything wrong in one go."""
    problems = _require(table, ("agency_code", "tool"))
    survey_tools = {t.code for t in pack.survey_tools()}
    question_columns = [c for c in table.header if c in pack._questions]
    demographic_options = {d.code: len(d.options) for ds in pack.demographics.values() for d in ds}
    known = {"agency_code", "tool", *OPTIONAL_RESPONSE_COLUMNS, *question_columns, *demographic_options}
    warnings = []
    for column in table.header:
        if column in known:
            continue
        if QUESTION_COLUMN.match(column):
            problems.append(f"{table.name} row 1, column {column}: unknown question {column} in framework {pack.code}")
        else:
            warnings.append(f"{table.name}: unknown column {column!r} ignored")
    if problems:
        raise InputErrors(problems)

    responses: list[ParsedResponse] = []
    seen_ids: dict[str, int] = {}
    for line, row in table.rows:
        if line in table.short:  # a questionnaire cut short lost its last answers, not left them blank (a
            # tester's IIT row cut after I7 was stored without I8-I12): refused as a row too long is
            problems.append(f"{table.name} row {line}: {table.short[line]} cells but the header has {table.columns} columns")
        agency = agency_code(row["agency_code"])
        tool = row["tool"].upper()
        _agency(table, line, agency, problems)
        if tool not in survey_tools:
            problems.append(f"{table.name} row {line}, column tool: unknown tool {shown(row['tool'])} (IIT or EIT)")
        answers: dict[str, int | None] = {}
        for column in question_columns:
            question = pack.question(column)
            value = _option(table, line, column, row[column], len(pack.scales[question.scale].points), problems)
            if row[column] != "" and tool in survey_tools and question.tool != tool:
                problems.append(f"{table.name} row {line}, column {column}: an {question.tool} answer on an {tool} row")
            elif question.tool == tool:
                answers[column] = value
        if tool in survey_tools and all(row[c] == "" for c in answers):  # (an answer out of range is its own problem)
            problems.append(f"{table.name} row {line}: no {tool} question is answered")
        demographics = {}
        for code, n_options in demographic_options.items():
            if code in row:
                value = _option(table, line, code, row[code], n_options, problems)
                if value is not None:
                    demographics[code] = value
        response_id = row.get("response_id", "")
        if response_id:
            if response_id in seen_ids:
                problems.append(
                    f"{table.name} row {line}, column response_id: {shown(response_id)} repeats row {seen_ids[response_id]}"
                )
            seen_ids.setdefault(response_id, line)
        language = row.get("language", "").lower()
        if language and language not in LANGUAGES:
            problems.append(f"{table.name} row {line}, column language: {shown(language)} is not one of th, en, zh, my")
        responses.append(
            ParsedResponse(
                line, agency, tool, answers, demographics, response_id,
                row.get("submitted_at", ""), language, row.get("unit", ""), row.get("service_type", ""),
            )
        )
    if not table.rows:
        problems.append(f"{table.name}: the file has a header but no rows")
    for tool in sorted({r.tool for r in responses} & survey_tools, reverse=True):  # (first in the file's order)
        missing = [q for q in pack.question_codes(tool) if q not in table.header]
        if missing:  # every questionnaire of the tool would lack them: the tool would have no score
            lower = {h.upper() for h in table.header if h != h.upper()}
            hint = " (the header has them in lower case: write them in upper case)" if set(missing) <= lower else ""
            problems.insert(0, f"{table.name} row 1: the {tool} rows need the columns {', '.join(missing)}{hint}")
    if problems and not partial:
        raise InputErrors(problems)
    return ParsedResponses(responses, warnings, problems)


# -- O.csv and Q.csv --------------------------------------------------------------------------


def _score(table: Table, line: int, column: str, raw: str, problems: list[str], expected: str = "a number") -> Fraction | None:
    try:
        value = Decimal(raw) if len(raw) <= 40 else None
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        problems.append(f"{table.name} row {line}, column {column}: {shown(raw)} is not {expected}")
        return None
    if not 0 <= value <= 100:
        problems.append(f"{table.name} row {line}, column {column}: {raw} is outside 0–100")
        return None
    return Fraction(value)


@dataclass
class ParsedVerdict:
    line: int
    agency_code: str
    item: str
    score: Fraction
    url: str = ""


# an OIT verdict in words, in English or as a Thai assessor writes it (after lower(), strip())
VERDICT_WORDS = {"pass": 100, "fail": 0, "ผ่าน": 100, "ไม่ผ่าน": 0}


def parse_verdicts(pack: Pack, table: Table) -> list[ParsedVerdict]:
    """O.csv: agency_code,item,result[,url]; result pass, fail (ผ่าน, ไม่ผ่าน) or a number 0–100."""
    problems = _require(table, ("agency_code", "item", "result"))
    extra = [c for c in table.header if c not in ("agency_code", "item", "result", "url")]
    problems += [f"{table.name} row 1, column {c}: unknown column" for c in extra]
    if problems:
        raise InputErrors(problems)
    items = set(pack.item_codes())
    verdicts, seen = [], {}
    for line, row in table.rows:
        agency, item, result = agency_code(row["agency_code"]), row["item"].upper(), row["result"].lower()
        _agency(table, line, agency, problems)
        if item not in items:
            problems.append(f"{table.name} row {line}, column item: unknown OIT item {shown(row['item'])} in framework {pack.code}")
        if result in VERDICT_WORDS:
            value = Fraction(VERDICT_WORDS[result])
        elif result == "":
            problems.append(f"{table.name} row {line}, column result: no result (pass, fail or 0–100)")
            value = None
        else:
            value = _score(table, line, "result", row["result"], problems, expected="pass, fail or a score 0–100")
        key = (agency, item)
        if agency and item in items and key in seen:
            problems.append(f"{table.name} row {line}: {agency} {item} repeats row {seen[key]}")
        seen.setdefault(key, line)
        if value is not None:
            verdicts.append(ParsedVerdict(line, agency, item, value, row.get("url", "")))
    if problems:
        raise InputErrors(problems)
    return verdicts


@dataclass
class ParsedScore:
    line: int
    agency_code: str
    question: str
    score: Fraction


def parse_question_scores(pack: Pack, table: Table) -> list[ParsedScore]:
    """Q.csv: agency_code,question,score (published question scores)."""
    problems = _require(table, ("agency_code", "question", "score"))
    extra = [c for c in table.header if c not in ("agency_code", "question", "score")]
    problems += [f"{table.name} row 1, column {c}: unknown column" for c in extra]
    if problems:
        raise InputErrors(problems)
    scores, seen = [], {}
    for line, row in table.rows:
        agency, question = agency_code(row["agency_code"]), row["question"].upper()
        _agency(table, line, agency, problems)
        if question not in pack._questions:
            problems.append(f"{table.name} row {line}, column question: unknown question {shown(row['question'])} in framework {pack.code}")
        value = _score(table, line, "score", row["score"], problems)
        key = (agency, question)
        if key in seen:
            problems.append(f"{table.name} row {line}: {agency} {question} repeats row {seen[key]}")
        seen.setdefault(key, line)
        if value is not None:
            scores.append(ParsedScore(line, agency, question, value))
    if problems:
        raise InputErrors(problems)
    return scores


# -- putting files together -------------------------------------------------------------------


def agency_inputs(
    pack: Pack,
    responses: list[ParsedResponse] = (),
    verdicts: list[ParsedVerdict] = (),
    scores: list[ParsedScore] = (),
) -> list[AgencyInput]:
    """One AgencyInput per agency code found in any file, sorted by code."""
    by_agency: dict[str, AgencyInput] = {}

    def get(code: str) -> AgencyInput:
        return by_agency.setdefault(code, AgencyInput(code))

    grouped: dict[tuple[str, str], list[dict[str, int | None]]] = {}
    for r in responses:
        grouped.setdefault((r.agency_code, r.tool), []).append(r.answers)
    for (agency, tool), answers in grouped.items():
        data = get(agency)
        data.counts.update(tally(pack, answers))
        data.respondents[tool] = len(answers)
    for v in verdicts:
        get(v.agency_code).oit[v.item] = v.score
    for s in scores:
        get(s.agency_code).published[s.question] = s.score
    return [by_agency[code] for code in sorted(by_agency)]


def without_oit(oit_name: str, codes: Iterable[str]) -> list[str]:
    """The warning for the agencies scored that have no row in the OIT file given (rows left out of
    it, most often): they get no OIT score, so no ITA score or level, which the output shows only as
    dashes."""
    codes = sorted(codes)
    if not codes:
        return []
    listed = ", ".join(codes[:10]) + (f" and {len(codes) - 10:,} more" if len(codes) > 10 else "")
    if len(codes) == 1:
        return [f"{oit_name} has no rows for agency {listed}: it gets no OIT score, so no ITA score or level"]
    return [f"{oit_name} has no rows for {len(codes):,} of the agencies scored ({listed}): "
            "they get no OIT score, so no ITA score or level"]


def iter_problems(errors: Iterable[InputErrors]) -> Iterator[str]:
    for e in errors:
        yield from e.problems
