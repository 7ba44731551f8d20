"""Fast, strict reading of R and O files (CSV or Parquet) into per-agency tallies.

The fast reader only vouches for files it can check completely with vectorised tests. When
anything is unusual or wrong it raises `Fallback`, and the caller hands the file to the exact
reader (`prongsai.scoring.inputs`), which either accepts it or names every problem — so the
error messages are the exact reader's, word for word.
"""
from __future__ import annotations

import csv
import io
import mmap
import re
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np
import polars as pl

from prongsai.scoring.inputs import AGENCY_CODE, LANGUAGES, OPTIONAL_RESPONSE_COLUMNS, QUESTION_COLUMN, VERDICT_WORDS, InputErrors, Table, _score, _table, without_oit
from prongsai.scoring.packs import Pack

# Python's str.strip() removes these besides Unicode White_Space (which regex \s matches)
EDGE_SPACE_POLARS = r"^[\s\x1c-\x1f]|[\s\x1c-\x1f]$"


class Fallback(Exception):
    """The fast reader cannot vouch for this input; the exact reader must decide."""


def is_parquet(path: str | Path) -> bool:
    return Path(path).suffix.lower() == ".parquet"


# -- the exact reader's view of a Parquet file ------------------------------------------------


def parquet_table(path: str | Path) -> Table:
    """A Parquet file as the Table the exact reader would get from the same data saved as CSV."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputErrors([f"{path.name}: cannot be read: {exc.strerror}"]) from None
    if not data.strip():
        raise InputErrors([f"{path.name}: the file is empty"])
    try:
        df = pl.read_parquet(io.BytesIO(data))
    except Exception:  # polars raises several kinds for a broken file
        raise InputErrors([f"{path.name}: not a readable Parquet file"]) from None
    strings = df.select(pl.all().cast(pl.String).fill_null(""))
    records = [list(df.columns), *(list(row) for row in strings.iter_rows())]
    if not df.columns:
        raise InputErrors([f"{path.name}: the file is empty"])
    return _table(path.name, records, first_line=1)


# -- headers ------------------------------------------------------------------------------------


def _csv_header(path: Path) -> list[str]:
    """The first record of a CSV file, as the exact reader would see it, if it is a clean header."""
    try:
        with path.open("rb") as f:
            head = f.read(1 << 16)
    except OSError:
        raise Fallback from None
    line, newline, _ = head.partition(b"\n")
    if not newline or b'"' in line:
        raise Fallback  # a header longer than 64 KiB or with quoted cells: let the exact reader see it
    try:
        first = next(csv.reader([line.decode("utf-8-sig").rstrip("\r")]), None)
    except UnicodeDecodeError:
        raise Fallback from None
    if not first:
        raise Fallback
    return first


def _check_header(name: str, header: list[str]) -> None:
    if any(h != h.strip() or not h for h in header):  # a column without a name: the exact reader sees
        raise Fallback                                 # whether any cell of it holds something
    try:
        _table(name, [header], first_line=1)  # empty or repeated column names
    except InputErrors:
        raise Fallback from None


def _frame(path: Path, columns: list[str], types: dict[str, pl.DataType]) -> tuple[pl.DataFrame, list[str]]:
    """Read the named columns (all others ignored) strictly; the file's header too."""
    if is_parquet(path):
        try:
            header = list(pl.read_parquet_schema(path))
        except Exception:
            raise Fallback from None
        _check_header(path.name, header)
        wanted = [c for c in columns if c in header]
        try:
            df = pl.read_parquet(path, columns=wanted)
        except Exception:
            raise Fallback from None
        for c in wanted:
            dtype = df.schema[c]
            if c in types and dtype.is_float():
                # 5.0 is option 5 for the exact reader too; 5.5, NaN or inf are its errors to word
                whole = df.select((pl.col(c).is_finite() & (pl.col(c) == pl.col(c).round())).all()).item()
                if not whole:
                    raise Fallback
            elif not (dtype.is_integer() or dtype == pl.String or c not in types and isinstance(dtype, (pl.Categorical, pl.Enum))):
                raise Fallback  # booleans, decimals, dates …: the exact reader sees them as text
        try:
            df = df.select(pl.col(c).cast(types.get(c, pl.String), strict=True) for c in wanted)
        except Exception:
            raise Fallback from None
        return df, header
    header = _csv_header(path)
    _check_header(path.name, header)
    if not _plain_bytes(path):
        raise Fallback
    wanted = [c for c in columns if c in header]
    schema = {c: types.get(c, pl.String) for c in header}
    try:  # every column, not only the wanted ones: a row with more cells than the header fails the read
        df = pl.read_csv(path, schema=schema, encoding="utf8", raise_if_empty=True).select(wanted)
    except Exception:
        raise Fallback from None
    return df, header


BARE_CR = re.compile(rb"\r(?!\n)")


def _plain_bytes(path: Path) -> bool:
    """No NUL byte and no carriage return but before a line feed: the exact reader refuses the one
    and starts a new row at the other, where Polars keeps the NUL in its cell and drops the CR."""
    try:
        with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            if data.find(b"\0") != -1:
                return False
            return data.find(b"\r") == -1 or BARE_CR.search(data) is None  # Windows' CRLF: one more pass, no copy
    except (OSError, ValueError):  # unreadable, or empty (mmap refuses 0 bytes): the exact reader words it
        return False


def _whole_rows(path: Path, columns: int, rows: int) -> bool:
    """Every record of a CSV file has as many cells as its header: Polars fills a row cut short with
    blanks, where the exact reader refuses a questionnaire cut short. Counted as commas (a record of n cells has n - 1 of them)
    in a file without quotes; a file with quotes is the exact reader's to judge."""
    chunk = 1 << 22
    try:
        with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            if data.find(b'"') != -1:
                return False
            view = np.frombuffer(data, dtype=np.uint8)
            commas = sum(int(np.count_nonzero(view[at:at + chunk] == ord(","))) for at in range(0, len(view), chunk))
            del view  # (the map closes only once no array holds it)
    except (OSError, ValueError):
        return False
    return commas == (columns - 1) * (rows + 1)


# -- the tallies --------------------------------------------------------------------------------


@dataclass
class Tallies:
    """Everything the scorer needs, per agency; rows in the order of `codes` (sorted)."""

    codes: list[str]
    counts: dict[str, np.ndarray] = field(default_factory=dict)  # question -> (agencies, options)
    respondents: dict[str, np.ndarray] = field(default_factory=dict)  # survey tool -> (agencies,)
    oit: np.ndarray | None = None  # (agencies, items) index into oit_values, -1 = no verdict
    oit_values: list[Fraction] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Responses:
    codes: list[str]
    counts: dict[str, np.ndarray]
    respondents: dict[str, np.ndarray]
    warnings: list[str]


def _agency_index(column: pl.Series) -> tuple[np.ndarray, list[str]]:
    """Per row the position of its agency code in the sorted list of codes; the list."""
    if column.null_count():
        raise Fallback
    numbered = _numeric_agency_index(column)
    if numbered is not None:
        return numbered
    categorical = column.cast(pl.Categorical)
    unique = categorical.unique()
    codes = unique.cast(pl.String).to_list()
    if any(not AGENCY_CODE.fullmatch(c) for c in codes):
        raise Fallback  # the exact reader names the cell
    physical = unique.to_physical().to_numpy()
    order = sorted(range(len(codes)), key=codes.__getitem__)
    remap = np.zeros(int(physical.max()) + 1, dtype=np.int64)
    remap[physical[order]] = np.arange(len(codes))
    return remap[categorical.to_physical().to_numpy()], [codes[i] for i in order]


def _numeric_agency_index(column: pl.Series) -> tuple[np.ndarray, list[str]] | None:
    """_agency_index for codes that are all digits of one length (as official agency codes are),
    in a fraction of the time: their numbers sort as the strings do. None for any other column."""
    lengths = column.str.len_bytes()
    width = lengths.min()
    if not width or width != lengths.max() or width > 15:  # (digits only, at most 15: a valid AGENCY_CODE)
        return None
    numbers = column.cast(pl.Int64, strict=False)
    if numbers.null_count() or numbers.min() < 0:
        return None
    values = numbers.to_numpy()
    if values.max() >= 1 << 22:
        return None  # codes of 8 digits and more: the lookup table would cost more than it saves
    present = np.zeros(int(values.max()) + 1, dtype=bool)
    present[values] = True
    position = np.cumsum(present, dtype=np.int32) - 1
    codes = [str(n).zfill(width) for n in np.flatnonzero(present).tolist()]
    index = position[values]
    # every row's text must be exactly its number written out ("+101" or " 101" would parse too)
    if not (pl.Series(codes, dtype=pl.String).gather(index) == column).all():
        return None
    return index, codes


def _texts_pass(df: pl.DataFrame) -> bool:
    """The checks of the language and response_id columns the exact reader makes: a language it
    knows; no response_id twice (nor one it would strip first, which might then repeat another)."""
    if "language" in df.columns:
        languages = df["language"].drop_nulls().unique().to_list()
        if any(s != s.strip() or s.lower() not in LANGUAGES for s in languages):
            return False
    if "response_id" in df.columns:
        ids = df["response_id"].drop_nulls()
        if ids.str.contains(EDGE_SPACE_POLARS).any():
            return False
        hashes = ids.hash().sort()  # Polars sorts on both cores: 30 ms against numpy's 70 on the national set
        if len(hashes) > 1 and (hashes.slice(1) == hashes.slice(0, len(hashes) - 1)).any() and ids.n_unique() != len(ids):
            return False
    return True


def read_responses(pack: Pack, path: str | Path, meanwhile=None) -> tuple[_Responses, Future | None]:
    """The R file's tallies; `meanwhile` (a callable) runs on the second thread once the file is read,
    while this one counts (the O file: 20 ms off the run's critical path); its Future with them."""
    path = Path(path)
    name = path.name
    demographics = {d.code: len(d.options) for ds in pack.demographics.values() for d in ds}
    questions = pack.question_codes()
    types = {c: pl.Int8 for c in (*questions, *demographics)}
    wanted = ["agency_code", "tool", "response_id", "language", *questions, *demographics]
    df, header = _frame(path, wanted, types)
    if "agency_code" not in header or "tool" not in header or df.height == 0:
        raise Fallback
    known = {"agency_code", "tool", *OPTIONAL_RESPONSE_COLUMNS, *questions, *demographics}
    warnings = []
    for column in header:
        if column in known:
            continue
        if QUESTION_COLUMN.match(column):
            raise Fallback  # an unknown question: an error the exact reader words
        warnings.append(f"{name}: unknown column {column!r} ignored")

    survey_tools = [t.code for t in pack.survey_tools()]
    tool = df["tool"]
    if tool.null_count():
        raise Fallback
    spellings = tool.unique().to_list()  # a handful, each checked as the exact reader would
    if any(s != s.strip() or s.upper() not in survey_tools for s in spellings):
        raise Fallback
    # the text columns are checked on a second thread meanwhile (Polars works without the GIL,
    # so they take the other core while numpy counts here); their verdict is read before returning
    texts = ThreadPoolExecutor(max_workers=1)
    texts_ok = texts.submit(_texts_pass, df)
    whole = None if is_parquet(path) else texts.submit(_whole_rows, path, len(header), df.height)
    other = texts.submit(meanwhile) if meanwhile is not None else None
    texts.shutdown(wait=False)

    # every option column with blanks as 0, in one parallel pass; then cheap checks per column:
    # no option below 1 or above the scale (a 0 in the file shows as more zeros than blanks)
    present = [c for c in (*questions, *demographics) if c in df.columns]
    filled = df.select(pl.col(c).fill_null(0) for c in present)
    options_of: dict[str, np.ndarray] = {}
    for c in present:
        values = filled[c].to_numpy()
        n_options = demographics[c] if c in demographics else len(pack.scales[pack.question(c).scale].points)
        if values.min() < 0 or values.max() > n_options or len(values) - np.count_nonzero(values) != df[c].null_count():
            raise Fallback  # an option out of range
        options_of[c] = values
    tool_index = np.zeros(df.height, dtype=np.int8)
    for s in spellings:
        if survey_tools.index(s.upper()):
            tool_index[(tool == s).to_numpy()] = survey_tools.index(s.upper())
    agency, codes = _agency_index(df["agency_code"])
    n_agencies = len(codes)
    for j, t in enumerate(survey_tools):  # a tool with rows but without a question's column: the exact reader's error
        if (tool_index == j).any() and any(code not in options_of for code in pack.question_codes(t)):
            raise Fallback

    # per tool, on its own rows only: respondents and option counts per agency × option
    # (option 0 = blank), one bincount per question
    width = 1 + max(len(s.points) for s in pack.scales.values())
    counts: dict[str, np.ndarray] = {}
    respondents: dict[str, np.ndarray] = {}
    for j, t in enumerate(survey_tools):
        rows = np.flatnonzero(tool_index == j)
        own_agency = agency[rows]
        respondents[t] = np.bincount(own_agency, minlength=n_agencies)
        base = own_agency * width
        answered = np.zeros(len(rows), dtype=bool)
        for code in pack.question_codes(t):
            n_options = len(pack.scales[pack.question(code).scale].points)
            if code not in options_of:
                counts[code] = np.zeros((n_agencies, n_options), dtype=np.int64)
                continue
            options = options_of[code][rows]
            answered |= options > 0
            tally = np.bincount(base + options, minlength=n_agencies * width).reshape(n_agencies, width)
            counts[code] = tally[:, 1 : n_options + 1]
            if int(counts[code].sum()) != np.count_nonzero(options_of[code]):
                raise Fallback  # an answer on another tool's row
        if not answered.all():
            raise Fallback  # a questionnaire with none of its tool's questions answered
    counts = {code: counts[code] for code in questions}  # in the pack's order
    if not texts_ok.result() or whole is not None and not whole.result():
        raise Fallback
    return _Responses(codes, counts, respondents, warnings), other


def _verdict_value(raw: str) -> Fraction | None:
    """What parse_verdicts makes of a result cell, or None when it would be an error."""
    result = raw.lower()
    if result in VERDICT_WORDS:
        return Fraction(VERDICT_WORDS[result])
    if not raw:
        return None
    problems: list[str] = []
    value = _score(Table("", [], []), 0, "result", raw, problems)  # the exact reader's own rule
    return None if problems else value


def read_verdicts(pack: Pack, path: str | Path) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, list[Fraction]]:
    """O file: agency codes (sorted) and per row its agency position, item position and value index; the values."""
    path = Path(path)
    df, header = _frame(path, ["agency_code", "item", "result"], {})
    if not {"agency_code", "item", "result"} <= set(header) or set(header) - {"agency_code", "item", "result", "url"}:
        raise Fallback
    # (a row short of its link is whole, for the exact reader too; one short of its result has a null there)
    if df.height == 0:
        return [], np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64), []
    if df["item"].null_count() or df["result"].null_count():
        raise Fallback
    items = pack.item_codes()
    spellings = df["item"].unique().to_list()
    if any(s != s.strip() or s.upper() not in items for s in spellings):
        raise Fallback
    item_of = {s: items.index(s.upper()) for s in spellings}
    results = df["result"].unique().to_list()
    values = [_verdict_value(r) if r == r.strip() else None for r in results]
    if any(v is None for v in values):
        raise Fallback
    agency, codes = _agency_index(df["agency_code"])
    item = df["item"].replace_strict(item_of, return_dtype=pl.Int64).to_numpy()
    value = df["result"].replace_strict({r: i for i, r in enumerate(results)}, return_dtype=pl.Int64).to_numpy()
    if np.bincount(agency * len(items) + item).max() > 1:
        raise Fallback  # an agency's item twice
    return codes, agency, item, value, values


def read_tallies(pack: Pack, responses: str | Path | None, oit: str | Path | None, extra_codes: set[str] = frozenset()) -> Tallies:
    """Tallies of an R file and an O file (either may be None); Fallback when unsure."""
    verdicts = (lambda: read_verdicts(pack, oit)) if oit else None
    r, pending = read_responses(pack, responses, verdicts) if responses else (None, None)
    o = pending.result() if pending is not None else verdicts() if verdicts else None  # (a Fallback in it: raised here)
    codes = sorted(set(r.codes if r else ()) | set(o[0] if o else ()) | set(extra_codes))
    position = {c: i for i, c in enumerate(codes)}
    n = len(codes)
    tallies = Tallies(codes)
    for code in pack.question_codes():
        n_options = len(pack.scales[pack.question(code).scale].points)
        tallies.counts[code] = np.zeros((n, n_options), dtype=np.int64)
    for t in pack.survey_tools():
        tallies.respondents[t.code] = np.zeros(n, dtype=np.int64)
    if r:
        where = np.array([position[c] for c in r.codes], dtype=np.int64)
        for code, counts in r.counts.items():
            tallies.counts[code][where] = counts
        for t, counts in r.respondents.items():
            tallies.respondents[t][where] = counts
        tallies.warnings = r.warnings
    tallies.oit = np.full((n, len(pack.item_codes())), -1, dtype=np.int64)
    if o:
        o_codes, agency, item, value, values = o
        if o_codes:
            where = np.array([position[c] for c in o_codes], dtype=np.int64)
            tallies.oit[where[agency], item] = value
        tallies.oit_values = values
    if oit:
        none = np.flatnonzero((tallies.oit == -1).all(axis=1))
        tallies.warnings = [*tallies.warnings, *without_oit(Path(oit).name, (codes[i] for i in none))]
    return tallies
