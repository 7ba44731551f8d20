"""Framework packs: one YAML file per framework version, validated on load.

The pack is data (docs/framework-packs.md); this module only reads and checks it.
"""
from __future__ import annotations

from decimal import Decimal
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Annotated, Literal, get_args, get_origin

import msgspec
import msgspec.inspect
import yaml
from msgspec import Meta, Struct
from msgspec.structs import force_setattr

PACK_DIR = Path(__file__).resolve().parent.parent / "packs"

ToolCode = Literal["IIT", "EIT", "OIT"]


class PackError(Exception):
    """A pack that cannot be used; the message names the file and the field."""


# the fiscal years every pack, page, command and API takes: Buddhist era (2568, not 2025)
BE_YEAR_MIN, BE_YEAR_MAX = 2400, 2800


PACK_CODE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")  # a framework's code: bma-district-2567, bma-district-2570-bkk


def is_be_year(year: int) -> bool:
    return BE_YEAR_MIN <= year <= BE_YEAR_MAX


def four_digit_year(text: str) -> int | None:
    """The year a text of four ASCII digits spells ("2569"); None for any other text (๒๕๖๙, 25690,
    thousands of digits from an address bar)."""
    return int(text) if len(text) == 4 and text.isascii() and text.isdecimal() else None


def not_be_year(value) -> str:
    """What a command says of a year given that is not a Buddhist-era one; a Christian-era year
    gets its conversion ("2024 … (2024 + 543 = 2567)")."""
    number = isinstance(value, int) and not isinstance(value, bool)
    hint = f" ({value} + 543 = {value + 543})" if number and is_be_year(value + 543) else ""
    return f"{value!r} is not a Buddhist-era fiscal year (e.g. 2568){hint}"


NonEmpty = Annotated[str, Meta(min_length=1)]


class _Strict(Struct, frozen=True, forbid_unknown_fields=True):
    """A part of a pack: read-only once loaded; a field the part does not have is refused (a misspelt name)."""


class Text(_Strict):
    """A text in several languages; Thai and English are required."""

    th: NonEmpty
    en: NonEmpty
    zh: str | None = None
    my: str | None = None

    def get(self, language: str) -> str:
        return getattr(self, language, None) or self.th


def _bounds(field: str, value: Decimal, *, above: int | None = None, least: int | None = None, most: int = 100) -> list[str]:
    """A number's bounds said as a problem of its field ("weight: must be more than 0"); NaN and infinity,
    which YAML spells .nan and .inf, are not numbers a pack can use."""
    if not value.is_finite():
        return [f"{field}: must be a number"]
    if above is not None and not value > above:
        return [f"{field}: must be more than {above}"]
    if least is not None and not value >= least:
        return [f"{field}: must be {least} or more"]
    return [f"{field}: must be {most} or less"] if value > most else []


def _refuse(problems: list[str]) -> None:
    """A struct's own checks: its problems, each "field: what" or "what" (the struct itself), in one error."""
    if problems:
        raise ValueError("; ".join(problems))


class Tool(_Strict):
    code: ToolCode
    kind: Literal["survey", "checklist"]
    weight: Decimal
    name: Text

    def __post_init__(self):
        _refuse(_bounds("weight", self.weight, above=0))


class Scale(_Strict):
    points: Annotated[list[Decimal], Meta(min_length=2)]
    options: Annotated[list[Text], Meta(min_length=2)]

    def __post_init__(self):
        if len(self.points) != len(self.options):
            _refuse([f"{len(self.points)} points but {len(self.options)} options"])
        _refuse([f"point {p} is outside 0-100" for p in self.points if not (p.is_finite() and 0 <= p <= 100)][:1])


class Indicator(_Strict):
    code: str
    tool: ToolCode
    name: Text
    questions: list[str] = []
    subindicators: list[str] = []


class SubIndicator(_Strict):
    code: str
    name: Text
    points: Decimal
    items: Annotated[list[str], Meta(min_length=1)]

    def __post_init__(self):
        _refuse(_bounds("points", self.points, above=0))


Polarity = Literal["higher_is_better", "lower_is_better", "yes_is_better", "no_is_better"]


class Question(_Strict):
    code: Annotated[str, Meta(pattern=r"^[A-Z]+[0-9]+$")]
    tool: ToolCode
    scale: str
    polarity: Polarity
    text: Text
    prompt: Text | None = None
    # its name in the results report, the documents and the lists, when its text is lines a respondent
    # reads one of (E3: one per service type); the text's when absent
    title: Text | None = None

    @property
    def label(self) -> Text:
        """How the question is named outside the questionnaire: its title, else its text."""
        return self.title or self.text


class OitItem(_Strict):
    code: Annotated[str, Meta(pattern=r"^O[0-9]+$")]
    name: Text
    description: Text | None = None
    current_year: bool = False


class Demographic(_Strict):
    code: Annotated[str, Meta(pattern=r"^[a-z][a-z0-9_]*$")]
    text: Text
    options: Annotated[list[Text], Meta(min_length=2)]


class Eligibility(_Strict):
    text: Text


class Named(_Strict):
    code: Annotated[str, Meta(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    name: Text


class Level(_Strict):
    code: str
    name: Text
    min_ita: Decimal
    every_tool_at_least: Decimal | None = None

    def __post_init__(self):
        floor = self.every_tool_at_least
        _refuse(_bounds("min_ita", self.min_ita, least=0) + (_bounds("every_tool_at_least", floor, least=0) if floor is not None else []))


def _code_and_years(code: str | None, years: list[int] | None) -> list[str]:
    """A pack's code and fiscal years checked (either None: not read, for a problem of its own)."""
    problems = []
    if code is not None and not PACK_CODE.fullmatch(code):
        problems.append(f"code: {code!r}: use up to 64 lowercase letters, digits and hyphens (e.g. bma-district-2569)")
    return problems + [f"fiscal_years: {year} is not a Buddhist-era fiscal year (e.g. 2567)" for year in years or [] if not is_be_year(year)]


class Pack(_Strict, dict=True, kw_only=True):  # (keyword-only: the fields in the order a pack file has them)
    code: str
    name: Text
    fiscal_years: Annotated[list[int], Meta(min_length=1)]
    source: str = ""
    notes: list[str] = []
    languages: dict[ToolCode, list[Literal["th", "en", "zh", "my"]]] = {}
    tools: Annotated[list[Tool], Meta(min_length=1)]
    scales: dict[str, Scale]
    indicators: Annotated[list[Indicator], Meta(min_length=1)]
    subindicators: list[SubIndicator] = []
    questions: list[Question] = []
    oit_items: list[OitItem] = []
    demographics: dict[ToolCode, list[Demographic]] = {}
    eligibility: dict[ToolCode, Eligibility] = {}
    service_types: list[Named] = []
    default_units: list[Named] = []
    levels: Annotated[list[Level], Meta(min_length=1)]

    def __post_init__(self):
        _refuse(self._problems())
        force_setattr(self, "_questions", {q.code: q for q in self.questions})

    def _problems(self) -> list[str]:
        """What the fields' types cannot say: codes, years, and how the parts fit together."""
        problems = _code_and_years(self.code, self.fiscal_years)
        tools = {t.code: t for t in self.tools}
        if len(tools) != len(self.tools):
            problems.append("tools: a tool code appears twice")
        weights = sum(t.weight for t in self.tools)
        if weights != 100:
            problems.append(f"tools: the weights sum to {_number(weights)}, not 100")
        questions = {q.code: q for q in self.questions}
        items = {i.code for i in self.oit_items}
        subs = {s.code: s for s in self.subindicators}
        for q in self.questions:  # each named by its code, not its place in the list (a reader counts from 1)
            if q.scale not in self.scales:
                problems.append(f"questions.{q.code}.scale: unknown scale {q.scale!r}")
            elif (q.polarity in ("yes_is_better", "no_is_better")) != (len(self.scales[q.scale].points) == 2):
                problems.append(f"questions.{q.code}.polarity: {q.polarity!r} does not fit scale {q.scale!r}")
            if q.tool not in tools or tools[q.tool].kind != "survey":
                problems.append(f"questions.{q.code}.tool: {q.tool!r} is not a survey tool of this pack")
        seen_q: dict[str, str] = {}
        seen_s: dict[str, str] = {}
        for ind in self.indicators:
            where = f"indicators.{ind.code}"
            if ind.tool not in tools:
                problems.append(f"{where}.tool: unknown tool {ind.tool!r}")
                continue
            kind = tools[ind.tool].kind
            if kind == "survey" and (not ind.questions or ind.subindicators):
                problems.append(f"{where}: a survey indicator lists questions (and no subindicators)")
            if kind == "checklist" and (not ind.subindicators or ind.questions):
                problems.append(f"{where}: a checklist indicator lists subindicators (and no questions)")
            for code in ind.questions:
                if code not in questions:
                    problems.append(f"{where}.questions: unknown question {code!r}")
                elif questions[code].tool != ind.tool:
                    problems.append(f"{where}.questions: {code} belongs to tool {questions[code].tool}")
                if code in seen_q:
                    problems.append(f"{where}.questions: {code} is already in indicator {seen_q[code]}")
                seen_q[code] = ind.code
            for code in ind.subindicators:
                if code not in subs:
                    problems.append(f"{where}.subindicators: unknown sub-indicator {code!r}")
                if code in seen_s:
                    problems.append(f"{where}.subindicators: {code} is already in indicator {seen_s[code]}")
                seen_s[code] = ind.code
        for code in questions:
            if code not in seen_q:
                problems.append(f"questions: {code} belongs to no indicator")
        seen_i: dict[str, str] = {}
        for sub in self.subindicators:
            if sub.code not in seen_s:
                problems.append(f"subindicators.{sub.code}: belongs to no indicator")
            for code in sub.items:
                if code not in items:
                    problems.append(f"subindicators.{sub.code}.items: unknown OIT item {code!r}")
                if code in seen_i:
                    problems.append(f"subindicators.{sub.code}.items: {code} is already in sub-indicator {seen_i[code]}")
                seen_i[code] = sub.code
        for code in items:
            if code not in seen_i:
                problems.append(f"oit_items: {code} belongs to no sub-indicator")
        points = sum(s.points for s in self.subindicators)
        if self.subindicators and points != 100:
            problems.append(f"subindicators: the points sum to {_number(points)}, not 100")
        if self.levels[-1].min_ita != 0:
            problems.append("levels: the last level must start at min_ita 0 so that every ITA has a level")
        for n in range(1, len(self.levels)):
            if self.levels[n].min_ita > self.levels[n - 1].min_ita:
                problems.append(f"levels.{self.levels[n].code}.min_ita: levels are listed best first")
        return problems

    # -- look-ups used by the engine and the app ------------------------------------------
    def tool(self, code: str) -> Tool:
        return next(t for t in self.tools if t.code == code)

    def question(self, code: str) -> Question:
        return self._questions[code]

    def question_codes(self, tool: str | None = None) -> list[str]:
        return [q.code for q in self.questions if tool is None or q.tool == tool]

    def item_codes(self) -> list[str]:
        return [i.code for i in self.oit_items]

    def points(self, question: Question) -> list[Decimal]:
        """Points of options 1..n for this question, its polarity applied."""
        points = list(self.scales[question.scale].points)
        if question.polarity in ("lower_is_better", "no_is_better"):
            points.reverse()
        return points

    def survey_tools(self) -> list[Tool]:
        return [t for t in self.tools if t.kind == "survey"]


def _number(value: Decimal) -> str:
    """A sum as a person writes it: 105, 33.5 (not 105.00)."""
    return f"{value.normalize():f}"


def _path(raw, loc: tuple) -> str:
    """A field's place, each list position given as its item's code where it has one (levels.good.min_ita,
    subindicators.9.1.items), else its place counted from 1 as a reader counts (tools.#1.kind): not from 0."""
    parts, node = [], raw
    for key in loc:
        if isinstance(key, int) and isinstance(node, list) and 0 <= key < len(node):
            item = node[key]
            code = item.get("code") if isinstance(item, dict) else None
            parts.append(str(code) if isinstance(code, (str, int)) and str(code).strip() else f"#{key + 1}")
            node = item
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return ".".join(parts)


# msgspec's wordings of a value of the wrong shape, and ours ("Expected `int`, got `str` - at `$.levels[0]`")
_WHERE = re.compile(r"(?P<what>.*?)(?: - at `(?:key` in `)?\$(?P<where>[^`]*)`)?", re.S)
_STEP = re.compile(r"\.(\w+)|\[(\d+)\]|\[\.\.\.\]")
_OWN = re.compile(r"(?P<field>[A-Za-z_][\w.#-]*): (?P<what>.+)", re.S)
_SHAPES = {"int": "a whole number", "decimal": "a number", "float": "a number", "str": "a text", "array": "a list",
           "object": "a mapping of names to values", "bool": "true or false"}
_WORDS = [
    (re.compile(r"Expected `(\w+)(?: \| null)?`, got `\w+`"), lambda m: f"must be {_SHAPES.get(m[1], m[1])}"),
    (re.compile(r"Invalid decimal string"), lambda m: "must be a number"),
    (re.compile(r"Expected `str` of length >= 1"), lambda m: "must not be empty"),
    (re.compile(r"Expected `array` of length >= (\d+)"), lambda m: f"needs at least {m[1]} entries"),
    (re.compile(r"Expected `str` matching regex '(.+)'"), lambda m: f"must match the pattern {m[1]}"),
]
MISSING, UNKNOWN = "missing (a required field)", "not a field of a pack (a misspelt name?)"


def _allowed(kind, steps: tuple) -> str:
    """The values a Literal field at `steps` inside `kind` takes ("'checklist', 'survey'"); "" for another field."""
    node = msgspec.inspect.type_info(kind)
    for step in (*steps, None):
        if isinstance(node, msgspec.inspect.UnionType):  # an optional field: the type beside None
            node = next(t for t in node.types if not isinstance(t, msgspec.inspect.NoneType))
        if step is None:
            break
        if isinstance(node, msgspec.inspect.StructType):
            node = next((f.type for f in node.fields if f.name == step), None)
        elif isinstance(node, msgspec.inspect.ListType):
            node = node.item_type
        elif isinstance(node, msgspec.inspect.DictType):
            node = node.value_type
    return ", ".join(map(repr, node.values)) if isinstance(node, msgspec.inspect.LiteralType) else ""


def _located(error: Exception, kind, loc: tuple) -> list[tuple[tuple, str]]:
    """One conversion error as problems, each at its place (a field's path from the pack's top) in our
    words; a struct's own checks give one problem each ("weight: must be more than 0")."""
    match = _WHERE.fullmatch(str(error))
    steps = tuple(name or (int(n) if n else "…") for name, n in _STEP.findall(match["where"] or ""))
    at, what = (*loc, *steps), match["what"]
    if field := re.fullmatch(r"Object missing required field `(\w+)`", what):
        return [((*at, field[1]), MISSING)]
    if field := re.fullmatch(r"Object contains unknown field `(\w+)`", what):
        return [((*at, field[1]), UNKNOWN)]
    allowed = _allowed(kind, steps)
    if what.startswith("Invalid enum value") or (allowed and what.startswith("Expected `")):  # (a number given: kind: 5)
        return [(at, f"must be one of {allowed}")]
    for pattern, words in _WORDS:
        if said := pattern.fullmatch(what):
            return [(at, words(said))]
    problems = []
    for problem in what.split("; "):
        own = _OWN.fullmatch(problem)
        problems.append(((*at, own["field"]), own["what"]) if own else (at, problem))
    return problems


def _convert(value, kind, loc: tuple, problems: list) -> object:
    """`value` as `kind`; msgspec stops at the first problem, so a list's or a mapping's entries are tried
    one by one after a failure, to name every broken entry (each with its first problem)."""
    try:
        return msgspec.convert(value, kind, strict=False)
    except (msgspec.ValidationError, ValueError) as error:
        before = len(problems)
        bare = get_args(kind)[0] if get_origin(kind) is Annotated else kind
        if get_origin(bare) is list and isinstance(value, list):
            for n, item in enumerate(value):
                _convert(item, get_args(bare)[0], (*loc, n), problems)
        elif get_origin(bare) is dict and isinstance(value, dict):
            for key, item in value.items():
                _convert(key, get_args(bare)[0], (*loc, key), problems)
                _convert(item, get_args(bare)[1], (*loc, key), problems)
        if len(problems) == before:
            problems.extend(_located(error, kind, loc))
        return None


def _validated(name: str, raw: dict, root: yaml.Node | None = None, found: list | None = None) -> Pack:
    """The pack a parsed YAML file describes, each top-level field converted apart so that every section's
    problems are said at once; PackError lists them, each with its field's path and, with the file's node
    tree (`root`), its line."""
    problems: list[tuple[tuple, str]] = list(found or [])  # the file's own (a field given twice)
    fields = msgspec.structs.fields(Pack)
    known = {f.name for f in fields}
    problems += [((key,), UNKNOWN) for key in raw if key not in known]
    values = {}
    for f in fields:
        if f.name in raw:
            values[f.name] = _convert(raw[f.name], f.type, (f.name,), problems)
        elif f.required:
            problems.append(((f.name,), MISSING))
    if not problems:
        try:
            return Pack(**values)
        except ValueError as error:  # the pack's own checks name their fields from its top
            problems = _located(error, Pack, ())
    elif own := _code_and_years(values.get("code"), values.get("fiscal_years")):  # said with the others at once
        problems += _located(ValueError("; ".join(own)), Pack, ())

    def said(at: tuple, what: str) -> str:
        line = _line(root, at) if root is not None and at and not what.startswith("given twice") else None  # (it says its lines)
        return (f"{name}: {_path(raw, at)}: {what}" if at else f"{name}: {what}") + (f" (line {line})" if line else "")

    raise PackError("\n".join(said(at, what) for at, what in problems))


def load_pack_file(path: Path) -> Pack:
    """Load and validate one pack file; PackError names the file and the field."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PackError(f"{path.name}: no such pack file") from None
    except UnicodeDecodeError as exc:
        raise PackError(f"{path.name}: not valid YAML: {exc}") from None
    pack = load_pack_text(path.name, text)
    if pack.code != path.stem:
        raise PackError(f"{path.name}: code: {pack.code!r} does not match the file name")
    return pack


def pack_file_text(path: Path) -> str:
    """The text of a pack file given on the command line (a BOM from a Windows editor dropped);
    PackError names the file when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise PackError(f"{path.name}: cannot be read: {reason}") from None


def load_pack_text(name: str, text: str, *, new: bool = False) -> Pack:
    """Validate a pack's YAML text; PackError names `name` (the file) and the field. A `new` one (being
    added) is refused too for a field given twice and a year listed twice."""
    try:
        try:  # libyaml is ten times faster; the pure loader words a broken file's error
            root, raw, twice = _parsed_yaml(text, getattr(yaml, "CSafeLoader", yaml.SafeLoader), new)
        except yaml.YAMLError:
            root, raw, twice = _parsed_yaml(text, yaml.SafeLoader, new)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise PackError(f"{name}: not valid YAML: {where}{' '.join(str(problem).split())}") from None
    if not isinstance(raw, dict):
        raise PackError(f"{name}: (top level): expected a mapping of fields")
    if new and isinstance(years := raw.get("fiscal_years"), list):
        twice += [(("fiscal_years",), f"{year} is listed twice") for year in sorted({y for y in years if years.count(y) > 1}, key=str)]
    return _validated(name, raw, root, twice)


def _parsed_yaml(text: str, loader_class, new: bool) -> tuple[yaml.Node | None, object, list[tuple[tuple, str]]]:
    """The YAML's node tree (where each part stands in the file), the data it makes, from one parse, and,
    for a `new` framework, the fields given twice (read before the data is made: making it merges `<<:`
    keys into the tree). A framework kept before that check, and the shipped ones each run loads, skip
    it: their rounds use them as they are."""
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        twice = list(_twice(root, (), set())) if new and root is not None else []
        return root, loader.construct_document(root) if root is not None else None, twice
    finally:
        loader.dispose()


MERGE = "tag:yaml.org,2002:merge"


def _twice(node: yaml.Node, path: tuple, seen: set[int]) -> Iterator[tuple[tuple, str]]:
    """Fields given twice in one mapping, which YAML readers let the last win silently (a tester's
    question with two `tool:` lines read as the second, a problem said about another field). A part
    reached again through an alias is read once (`seen`: an alias of itself, or aliases of aliases,
    would never end); `<<:` keys merge another mapping in, its fields overridden on purpose."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        lines: dict[str, list[int]] = {}
        for key, value in node.value:
            if key.tag != MERGE:
                lines.setdefault(str(key.value), []).append(key.start_mark.line + 1)
        for key, at in lines.items():
            if len(at) > 1:
                yield (*path, key), f"given twice, on lines {', '.join(map(str, at))}"
        for key, value in node.value:
            yield from _twice(value, (*path, str(key.value)), seen)
    elif isinstance(node, yaml.SequenceNode):
        for n, item in enumerate(node.value):
            yield from _twice(item, (*path, n), seen)


def _line(root: yaml.Node | None, at: tuple) -> int | None:
    """The line of the file a problem's place is on: its field's, or the nearest part of the file above it
    there is (the entry a missing field belongs in). A place may be a path said as text
    ("subindicators.9.1.items"): a list's entry is then found by its code, which may hold dots."""
    parts = [p for part in at for p in (part.split(".") if isinstance(part, str) else [part])]
    node, found = root, root
    while parts and node is not None:
        if isinstance(node, yaml.MappingNode):
            node = next((value for key, value in reversed(node.value) if str(key.value) == str(parts[0])), None)  # (the last: YAML's)
            parts = parts[1:]
        elif isinstance(node, yaml.SequenceNode):
            node, taken = _entry(node, parts)
            parts = parts[taken:]
        else:
            node = None
        found = node or found
    return found.start_mark.line + 1 if found is not None else None


def _entry(node: yaml.SequenceNode, parts: list) -> tuple[yaml.Node | None, int]:
    """The entry of a list the path's next parts name, and how many parts that took: a position, "#2"
    (counted from 1), or the entry's code (the longest run of parts that is one: "9.1")."""
    first = parts[0]
    if isinstance(first, int):
        return (node.value[first] if 0 <= first < len(node.value) else None), 1
    if first.startswith("#") and first[1:].isdecimal():
        n = int(first[1:]) - 1
        return (node.value[n] if 0 <= n < len(node.value) else None), 1
    codes = {}
    for item in node.value:
        if isinstance(item, yaml.MappingNode):
            code = next((value.value for key, value in item.value if key.value == "code" and isinstance(value, yaml.ScalarNode)), None)
            if code is not None:
                codes[str(code)] = item
    for taken in range(len(parts), 0, -1):
        code = ".".join(str(p) for p in parts[:taken])
        if code in codes:
            return codes[code], taken
    return None, 1


# Frameworks added by the site (the central office uploads a year's framework; the Django app
# keeps them in its database and plugs them in here with `use_site_packs`). The engine itself
# knows only "codes" and "the YAML text of a code"; a site pack's text never changes once added.
_site_codes: Callable[[], Iterable[str]] = lambda: ()
_site_text: Callable[[str], str | None] = lambda code: None


def use_site_packs(codes: Callable[[], Iterable[str]], text: Callable[[str], str | None]) -> None:
    """Make the site's own packs known: `codes()` lists them, `text(code)` gives one's YAML."""
    global _site_codes, _site_text
    _site_codes, _site_text = codes, text


@cache
def shipped_packs() -> list[str]:
    """The packs that come with Prongsai (prongsai/packs/*.yaml; they do not change while it runs)."""
    return sorted(p.stem for p in PACK_DIR.glob("*.yaml"))


def available_packs() -> list[str]:
    """Every pack's code: the shipped ones and the site's own."""
    return sorted({*shipped_packs(), *_site_codes()})


@cache
def _shipped(code: str) -> Pack:
    return load_pack_file(PACK_DIR / f"{code}.yaml")


@cache
def _parsed(code: str, text: str) -> Pack:
    return load_pack_text(f"{code}.yaml", text)


# The codes the frameworks that come with Prongsai take, now and in later releases: a site's own pack
# takes another (bma-district-2569-bkk, say), so that no release can ever ship a pack of its code.
RESERVED_CODE = re.compile(r"bma-district-\d{4}")


def load_pack(code: str) -> Pack:
    """The pack with this code, shipped or the site's own (their codes never meet: RESERVED_CODE)."""
    if code in shipped_packs():
        return _shipped(code)
    text = _site_text(code)
    if text is None:
        known = ", ".join(available_packs()) or "none"
        raise PackError(f"unknown framework {code!r}; known frameworks: {known}")
    return _parsed(code, text)


def usable_packs() -> list[Pack]:
    """Every pack that loads, by code; one that does not (a site pack a later release checks more
    strictly) is logged and left out, so that it breaks no page that lists frameworks."""
    packs = []
    for code in available_packs():
        try:
            packs.append(load_pack(code))
        except PackError as exc:
            logging.getLogger(__name__).error("framework %s cannot be used: %s", code, exc)
    return packs


def pack_for_year(fiscal_year: int) -> Pack:
    """The pack that applies to a Buddhist-era fiscal year (the last code that covers it)."""
    for pack in reversed(usable_packs()):
        if fiscal_year in pack.fiscal_years:
            return pack
    # what to do next said with it (a tester's coordinator met it and stopped): the year's framework first
    raise PackError(f"no framework pack covers fiscal year {fiscal_year}: the central office adds the year's framework "
                    "first (the Frameworks page, or prongsai add-framework)")
