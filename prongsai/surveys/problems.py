"""Import problems in the page's language.

The readers (`prongsai.scoring.inputs`, `responses_import`) are free of Django and word every
problem in English, as the commands print it: "R.csv row 2, column I1: option 9 is out of range
1–6". The web import shows the same problems in the active language: the place (file, row,
column) and each known wording are matched here and said again with gettext; a wording not known
here is shown as it is, never dropped.
"""
from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

def wordings(pairs) -> list:
    """(pattern, gettext_noop template) pairs, each pattern matched whole."""
    return [(re.compile(f"^{pattern}$"), text) for pattern, text in pairs]


_PLACE = [
    (re.compile(r"^(?P<file>.+?) row (?P<row>\d+), column (?P<column>[^:]+): (?P<rest>.+)$"),
     gettext_noop("%(file)s row %(row)s, column %(column)s: %(rest)s")),
    (re.compile(r"^(?P<file>.+?) row (?P<row>\d+), columns (?P<columns>[^:]+): (?P<rest>.+)$"),
     gettext_noop("%(file)s row %(row)s, columns %(columns)s: %(rest)s")),
    (re.compile(r"^(?P<file>.+?) row (?P<row>\d+): (?P<rest>.+)$"), gettext_noop("%(file)s row %(row)s: %(rest)s")),
    (re.compile(r"^--year: (?P<rest>.+)$"), gettext_noop("Fiscal year: %(rest)s")),
    (re.compile(r"^--framework: (?P<rest>.+)$"), gettext_noop("Framework: %(rest)s")),
    (re.compile(r"^(?P<file>[^:]+): (?P<rest>.+)$"), gettext_noop("%(file)s: %(rest)s")),
]

_WORDINGS = wordings([
    (r"option (?P<a>\d+) is out of range 1–(?P<b>\d+)", gettext_noop("option %(a)s is out of range 1–%(b)s")),
    (r"(?P<a>.+) is not an option number", gettext_noop("%(a)s is not an option number")),
    (r"(?P<a>.+) is not a whole option number", gettext_noop("%(a)s is not a whole option number")),
    (r"unknown question (?P<a>\S+) in framework (?P<b>\S+)", gettext_noop("no question %(a)s in framework %(b)s")),
    (r"no agency code", gettext_noop("no agency code")),
    (r"(?P<a>.+) is not an agency code \(a spreadsheet made it a number: write it as text, (?P<b>\d+)\)",
     gettext_noop("%(a)s is not an agency code (a spreadsheet made it a number: write it as text, %(b)s)")),
    (r"(?P<a>.+) is not an agency code \(letters, digits, - and _, at most 32\)",
     gettext_noop("%(a)s is not an agency code (letters, digits, - and _, at most 32)")),
    (r"the (?P<a>\w+) rows need the columns (?P<b>.+) \(the header has them in lower case: write them in upper case\)",
     gettext_noop("the %(a)s rows need the columns %(b)s (the header has them in lower case: write them in upper case)")),
    (r"the (?P<a>\w+) rows need the columns (?P<b>.+)", gettext_noop("the %(a)s rows need the columns %(b)s")),
    (r"(?P<a>.+) is not a number", gettext_noop("%(a)s is not a number")),
    (r"(?P<a>.+) is not pass, fail or a score 0–100", gettext_noop("%(a)s is not pass, fail or a score 0–100")),
    (r"(?P<a>.+) is outside 0–100", gettext_noop("%(a)s is outside 0–100")),
    (r"no result \(pass, fail or 0–100\)", gettext_noop("no result (pass, fail or 0–100)")),
    (r"unknown OIT item (?P<a>\S+) in framework (?P<b>\S+)", gettext_noop("no OIT item %(a)s in framework %(b)s")),
    (r"unknown tool (?P<a>.+) \(IIT or EIT\)", gettext_noop("unknown tool %(a)s (IIT or EIT)")),
    (r"an (?P<a>\w+) answer on an (?P<b>\w+) row", gettext_noop("an %(a)s answer on an %(b)s row")),
    (r"no (?P<a>\w+) question is answered", gettext_noop("no %(a)s question is answered")),
    (r"(?P<a>.+) is not one of th, en, zh, my", gettext_noop("%(a)s is not one of th, en, zh, my")),
    (r"(?P<a>.+) repeats row (?P<b>\d+)", gettext_noop("%(a)s repeats row %(b)s")),
    (r"the required column (?P<a>\S+) is missing \(the header has (?P<b>.+): write it in lower case\)",
     gettext_noop("the required column %(a)s is missing (the header has %(b)s: write it in lower case)")),
    (r"the required column (?P<a>.+) is missing", gettext_noop("the required column %(a)s is missing")),
    (r"the columns are separated by ';': save the file as CSV with commas \(CSV UTF-8\)",
     gettext_noop("the columns are separated by ';': save the file as CSV with commas (CSV UTF-8)")),
    (r"unknown column", gettext_noop("unknown column")),
    (r"unknown column (?P<a>.+) ignored", gettext_noop("unknown column %(a)s ignored")),
    (r"the header is empty", gettext_noop("the column has no name")),
    (r"the column appears twice", gettext_noop("the column appears twice")),
    (r"(?P<a>\d+) cells but the header has (?P<b>\d+) columns", gettext_noop("%(a)s cells but the header has %(b)s columns")),
    (r"the file is empty", gettext_noop("the file is empty")),
    (r"the file has a header but no rows", gettext_noop("the file has a header but no rows")),
    (r"cannot be read: (?P<a>.+)", gettext_noop("cannot be read: %(a)s")),
    (r"holds one cell, (?P<a>.+): a title\? The column names must be the first row",
     gettext_noop("holds one cell, %(a)s: a title? The column names must be the first row")),
    (r"an Excel workbook \(XLSX\) named \.csv: save it as CSV UTF-8, or name it \.xlsx",
     gettext_noop("an Excel workbook (XLSX) named .csv: save it as CSV UTF-8, or name it .xlsx")),
    (r"a PDF document, not a table: give the CSV or XLSX file", gettext_noop("a PDF document, not a table: give the CSV or XLSX file")),
    (r"not UTF-8 text \(it is UTF-16\); save it as CSV UTF-8", gettext_noop("not UTF-8 text (it is UTF-16); save it as CSV UTF-8")),
    (r"not UTF-8 text \(byte (?P<a>0x[0-9a-f]{2}) on line (?P<b>\d+): Thai Windows text, TIS-620\); save it as CSV UTF-8",
     gettext_noop("not UTF-8 text (byte %(a)s on line %(b)s: Thai Windows text, TIS-620); save it as CSV UTF-8")),
    (r"not UTF-8 text \(byte (?P<a>0x[0-9a-f]{2}) on line (?P<b>\d+)\); save it as CSV UTF-8",
     gettext_noop("not UTF-8 text (byte %(a)s on line %(b)s); save it as CSV UTF-8")),
    (r"not UTF-8 text \(a NUL byte on line (?P<a>\d+): UTF-16\?\); save it as CSV UTF-8",
     gettext_noop("not UTF-8 text (a NUL byte on line %(a)s: UTF-16?); save it as CSV UTF-8")),
    (r"not a readable XLSX workbook", gettext_noop("not a readable XLSX workbook")),
    (r"not a readable CSV file: (?P<a>.+)", gettext_noop("not a readable CSV file: %(a)s")),
    (r"no agency (?P<a>\S+) here \(a typo\? \S+ --new-agencies adds it\)",
     gettext_noop("no agency %(a)s in Prongsai (a typo? the import command's --new-agencies adds it)")),
    (r"unknown unit (?P<a>.+) of agency (?P<b>\S+) \(its units: (?P<c>.+)\)",
     gettext_noop("unknown unit %(a)s of agency %(b)s (its units: %(c)s)")),
    (r"only EIT rows have a service type", gettext_noop("only EIT rows have a service type")),
    (r"unknown service type (?P<a>.+) of agency (?P<b>\S+) \(its service types: (?P<c>.+)\)",
     gettext_noop("unknown service type %(a)s of agency %(b)s (its service types: %(c)s)")),
    (r"the (?P<a>\w+) is not offered in (?P<b>.+)", gettext_noop("the %(a)s is not offered in %(b)s")),
    (r"(?P<a>.+) is not a date \(YYYY-MM-DD or DD/MM/YYYY\)", gettext_noop("%(a)s is not a date (YYYY-MM-DD or DD/MM/YYYY)")),
    (r"(?P<a>.+) has a Buddhist-era year: write the Christian-era year \((?P<b>.+)\)",
     gettext_noop("%(a)s has a Buddhist-era year: write the Christian-era year (%(b)s)")),
    (r"(?P<a>.+) is in the future", gettext_noop("%(a)s is in the future")),
    (r"(?P<a>.+) is not in fiscal year (?P<b>\d+) \((?P<c>\S+) to (?P<d>\S+)\)",
     gettext_noop("%(a)s is not in fiscal year %(b)s (%(c)s to %(d)s)")),
    (r"not a demographic question of the (?P<a>\w+)", gettext_noop("not a demographic question of the %(a)s")),
    (r"(?P<a>.+) of agency (?P<b>\S+) was imported into the (?P<c>\d+) round before",
     gettext_noop("%(a)s of agency %(b)s was imported into the %(c)s round before")),
    (r"agency (?P<a>\S+): its (?P<b>\d+) round uses framework (?P<c>\S+), not (?P<d>\S+)",
     gettext_noop("agency %(a)s: its %(b)s round uses framework %(c)s, not %(d)s")),
    (r"agency (?P<a>\S+): its (?P<b>\d+) round holds questionnaires whose results can have been read; adding more "
     r"would reveal the new respondents' answers as the difference \(bring a round's questionnaires in one file, or "
     r"while it is collecting\)",
     gettext_noop("agency %(a)s: its %(b)s round holds questionnaires whose results can have been read; adding more "
                  "would reveal the new respondents' answers as the difference (bring a round's questionnaires in one "
                  "file, or while it is collecting)")),
    (r"agency (?P<a>\S+): its (?P<b>\d+) round received these questionnaires meanwhile \(another save of the same "
     r"file\); nothing was saved",
     gettext_noop("agency %(a)s: its %(b)s round received these questionnaires meanwhile (another save of the same "
                  "file); nothing was saved")),
    (r"framework (?P<a>\S+) covers fiscal years (?P<b>.+), not (?P<c>\d+)",
     gettext_noop("framework %(a)s covers fiscal years %(b)s, not %(c)s")),
    (r"no framework pack covers fiscal year (?P<a>\d+): the central office adds the year's framework first \(the Frameworks "
     r"page, or prongsai add-framework\)", gettext_noop("no framework covers fiscal year %(a)s: the central office adds the "
                                                        "year's framework first (the Frameworks page)")),
    (r"unknown framework (?P<a>\S+); known frameworks: (?P<b>.+)", gettext_noop("unknown framework %(a)s; known frameworks: %(b)s")),
    (r"… and (?P<a>\d+) more problems?", gettext_noop("… and %(a)s more")),
])


ALSO = re.compile(r"^(?P<text>.+); also rows? (?P<rows>[0-9, ]+(?: and \d+ more)?)$")


def in_words(text: str, known) -> str:
    """`text` said again by the first of the `known` wordings it matches; as it is when none does. The
    other rows a problem is on (`also_rows`) are said after it, whatever the problem."""
    also = ALSO.match(text)
    if also:
        rows = also["rows"]
        more = re.search(r" and (\d+) more$", rows)
        if more:
            rows = rows[: more.start()] + " " + _("and %(n)s more") % {"n": more[1]}
        return in_words(also["text"], known) + " " + _("(also rows %(rows)s)") % {"rows": rows}
    for pattern, template in known:
        match = pattern.match(text)
        if match:
            return _(template) % match.groupdict()
    return text


def in_language(problem: str) -> str:
    """One reader's problem in the active language (as it is when its wording is not known here):
    its place by the first of the places that matches, the rest by the known wordings."""
    if not problem.startswith("…"):
        for pattern, template in _PLACE:
            match = pattern.match(problem)
            if match:
                parts = match.groupdict()
                parts["rest"] = in_words(parts["rest"], _WORDINGS)
                return _(template) % parts
    return in_words(problem, _WORDINGS)
