"""A framework pack's problems in the page's language.

The engine (`prongsai.scoring.packs`) words each problem in English, as `prongsai add-framework`
prints it: "x.yaml: tools: the weights sum to 105, not 100", "x.yaml: levels.good.min_ita: must
be 100 or less". The Frameworks page says them again in the active language
(the way `surveys.problems` does for imports): the pack's section by its name in words beside
the field's path, which the file's editor searches for, and each known wording translated; one
not known here is shown as it is.
"""
from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from prongsai.surveys.problems import in_words, wordings

SECTIONS = {
    "code": gettext_noop("code"), "name": gettext_noop("name"), "fiscal_years": gettext_noop("fiscal years"),
    "languages": gettext_noop("languages"), "tools": gettext_noop("tools"), "scales": gettext_noop("scales"),
    "indicators": gettext_noop("indicators"), "subindicators": gettext_noop("sub-indicators"),
    "questions": gettext_noop("questions"), "oit_items": gettext_noop("OIT items"),
    "demographics": gettext_noop("demographic questions"), "eligibility": gettext_noop("eligibility question"),
    "service_types": gettext_noop("service types"), "default_units": gettext_noop("units"),
    "levels": gettext_noop("levels"),
}

_FIELD = re.compile(r"^(?P<file>[^:]+\.ya?ml): (?P<field>[A-Za-z_][\w.#-]*): (?P<rest>.+)$")
_FILE = re.compile(r"^(?P<file>[^:]+\.ya?ml): (?P<rest>.+)$")

# wordings of prongsai.scoring.packs that are the page's English as they are
_SHAPES = [
    gettext_noop("missing (a required field)"), gettext_noop("not a field of a pack (a misspelt name?)"),
    gettext_noop("must be a whole number"), gettext_noop("must be a number"), gettext_noop("must be a text"),
    gettext_noop("must be a list"), gettext_noop("must be a mapping of names to values"), gettext_noop("must be true or false"),
]

_KNOWN = wordings([
    (r"the weights sum to (?P<a>\S+), not 100", gettext_noop("the tools' weights add up to %(a)s; they must add up to 100")),
    (r"the points sum to (?P<a>\S+), not 100",
     gettext_noop("the sub-indicators' points add up to %(a)s; they must add up to 100")),
    (r"a tool code appears twice", gettext_noop("a tool code appears twice")),
    (r"unknown scale (?P<a>.+)", gettext_noop("unknown scale %(a)s")),
    (r"unknown question (?P<a>.+)", gettext_noop("unknown question %(a)s")),
    (r"unknown OIT item (?P<a>.+)", gettext_noop("unknown OIT item %(a)s")),
    (r"unknown sub-indicator (?P<a>.+)", gettext_noop("unknown sub-indicator %(a)s")),
    (r"unknown tool (?P<a>.+)", gettext_noop("unknown tool %(a)s")),
    (r"(?P<a>\S+) belongs to no indicator", gettext_noop("%(a)s belongs to no indicator")),
    (r"belongs to no indicator", gettext_noop("belongs to no indicator")),
    (r"(?P<a>\S+) belongs to no sub-indicator", gettext_noop("%(a)s belongs to no sub-indicator")),
    (r"(?P<a>\S+) is already in indicator (?P<b>\S+)", gettext_noop("%(a)s is already in indicator %(b)s")),
    (r"(?P<a>\S+) is already in sub-indicator (?P<b>\S+)", gettext_noop("%(a)s is already in sub-indicator %(b)s")),
    (r"(?P<a>\S+) belongs to tool (?P<b>\S+)", gettext_noop("%(a)s belongs to tool %(b)s")),
    (r"levels are listed best first", gettext_noop("the levels must be listed best first")),
    (r"(?P<a>-?\d+) is listed twice", gettext_noop("%(a)s is listed twice")),
    (r"given twice, on lines (?P<a>[\d, ]+)", gettext_noop("given twice, on lines %(a)s")),
    (r"the last level must start at min_ita 0 so that every ITA has a level",
     gettext_noop("the last level must start at min_ita 0, so that every ITA has a level")),
    (r"(?P<a>\d+) points but (?P<b>\d+) options", gettext_noop("%(a)s points but %(b)s options")),
    (r"(?P<a>-?\d+) is not a Buddhist-era fiscal year \(e\.g\. 2567\)",
     gettext_noop("%(a)s is not a Buddhist-era fiscal year (e.g. 2567)")),
    (r"not valid YAML: line (?P<a>\d+), column (?P<b>\d+): (?P<c>.+)",
     gettext_noop("not a valid pack file (YAML): line %(a)s, column %(b)s: %(c)s")),
    (r"not valid YAML: (?P<c>.+)", gettext_noop("not a valid pack file (YAML): %(c)s")),
    # the shape of each field (prongsai.scoring.packs words msgspec's findings): the fixed ones in _SHAPES
    *((re.escape(words), words) for words in _SHAPES),
    (r"must be (?P<a>\S+) or less", gettext_noop("must be %(a)s or less")),
    (r"must be (?P<a>\S+) or more", gettext_noop("must be %(a)s or more")),
    (r"must be more than (?P<a>\S+)", gettext_noop("must be more than %(a)s")),
    (r"must not be empty", gettext_noop("must not be empty")),
    (r"needs at least (?P<a>\d+) entries", gettext_noop("needs at least %(a)s entries")),
    (r"must be one of (?P<a>'.+)", gettext_noop("must be one of %(a)s")),
    (r"must match the pattern (?P<a>.+)", gettext_noop("must match the pattern %(a)s")),
])


_LINE = re.compile(r"^(?P<problem>.+) \(line (?P<line>\d+)\)$")


def in_language(line: str) -> str:
    """One problem of a pack in the active language; its section named in words beside its path, its
    line in the file after it."""
    at = _LINE.match(line)
    if at:
        return in_language(at["problem"]) + " " + _("(line %(n)s)") % {"n": at["line"]}
    match = _FIELD.match(line)
    if match:
        head = match["field"].split(".")[0]
        field = f"{match['field']} ({_(SECTIONS[head])})" if head in SECTIONS else match["field"]
        return _("%(file)s, %(field)s: %(rest)s") % {
            "file": match["file"], "field": field, "rest": in_words(match["rest"], _KNOWN)}
    match = _FILE.match(line)
    if match:
        return _("%(file)s: %(rest)s") % {"file": match["file"], "rest": in_words(match["rest"], _KNOWN)}
    return in_words(line, _KNOWN)


def said(error: Exception) -> list[str]:
    """A PackError's lines, each in the active language."""
    return [in_language(line) for line in str(error).splitlines()]
