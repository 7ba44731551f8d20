"""From (document kind, agency, fiscal year, round) to a rendered file — shared by `prongsai render`
and the download views, so both say the same thing when something is missing.

The builders live with the measures plans (`prongsai.measures.documents`): `analysis_document(agency,
fiscal_year)`, `plan_document(agency, fiscal_year)`, `progress_document(agency, fiscal_year,
reporting_round)`, each returning a `Document`. They are imported lazily: the renderers work without them.
A builder says "not there" by raising LookupError (or Django's ObjectDoesNotExist) or ValueError with a
message, or by returning None.
"""
from __future__ import annotations

import functools
import hashlib
import importlib
import re
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _
from prongsai.scoring import is_be_year

from .fonts import FACES
from .model import Document, DocumentError, check, images

KINDS = ("analysis", "plan", "progress")
ROUNDS = ("6m", "12m")  # the standard reporting rounds; a plan may have others, each with its own code
ROUND_CODE = re.compile(r"^[-a-zA-Z0-9_]{1,32}$")  # a reporting round's code (a slug)
FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
BUILDERS_MODULE = "prongsai.measures.documents"


class Unavailable(Exception):
    """The document cannot be made: one line per reason."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Request:
    kind: str
    agency_code: str
    fiscal_year: int
    reporting_round: str | None = None
    thai_numerals: bool | None = None  # None: as the builder made it

    def problems(self) -> list[str]:
        out = []
        # worded for the web form and the command alike: each names its field in words
        if self.kind not in KINDS:
            out.append(_("document: one of %(kinds)s, not “%(kind)s”") % {"kinds": ", ".join(KINDS), "kind": self.kind})
        if not self.fiscal_year:
            out.append(_("fiscal year: give the Buddhist-era fiscal year (e.g. 2568)"))
        elif not is_be_year(self.fiscal_year):
            ce = self.fiscal_year + 543  # a Christian-era year: its conversion, as every command says it
            out.append(_("fiscal year: %(year)s is not a Buddhist-era fiscal year (e.g. 2568)") % {"year": self.fiscal_year}
                       + (f" ({self.fiscal_year} + 543 = {ce})" if is_be_year(ce) else ""))
        if self.kind == "progress" and not self.reporting_round:
            out.append(_("reporting round: the progress report needs one: 6m, 12m or the code of one of the plan's "
                         "own reporting rounds"))
        elif self.kind == "progress" and not ROUND_CODE.match(self.reporting_round):
            out.append(_("reporting round: “%(code)s” is not a reporting round code (letters, digits, - and _)")
                       % {"code": self.reporting_round[:40]})
        if self.kind != "progress" and self.reporting_round is not None:
            out.append(_("reporting round: applies to the progress report only, not to the %(kind)s document")
                       % {"kind": self.kind})
        return out


def build(req: Request) -> Document:
    """The Document for the request, or Unavailable naming what is missing."""
    from prongsai.agencies.models import Agency, AssessmentRound

    problems = req.problems()
    if problems:
        raise Unavailable(problems)
    agency = Agency.objects.filter(code=req.agency_code).first()
    if agency is None:
        raise Unavailable([_("no agency with code “%(code)s”") % {"code": req.agency_code}])
    if req.kind == "analysis":
        previous = req.fiscal_year - 1
        if not AssessmentRound.objects.filter(agency=agency, fiscal_year=previous).exists():
            raise Unavailable([
                _("no %(previous)s assessment round for %(code)s: the FY%(year)s analysis is made from "
                  "the agency's %(previous)s results") % {"previous": previous, "code": agency.code, "year": req.fiscal_year}
            ])
    try:
        builders = importlib.import_module(BUILDERS_MODULE)
    except ImportError:
        raise Unavailable([_("the document builders (%(module)s) are not installed") % {"module": BUILDERS_MODULE}]) from None
    builder = getattr(builders, f"{req.kind}_document", None)
    if builder is None:
        raise Unavailable([_("%(module)s has no %(kind)s_document()") % {"module": BUILDERS_MODULE, "kind": req.kind}])
    args = (agency, req.fiscal_year) + ((req.reporting_round,) if req.kind == "progress" else ())
    try:
        doc = builder(*args)
    except (LookupError, ObjectDoesNotExist, ValueError) as exc:
        raise Unavailable([str(exc) or _no_document(req, agency.code)]) from None
    if doc is None:
        raise Unavailable([_no_document(req, agency.code)])
    if req.thai_numerals is not None:
        doc.thai_numerals = req.thai_numerals
    return doc


def _no_document(req: Request, code: str) -> str:
    what = req.kind + (f" ({req.reporting_round})" if req.reporting_round else "")
    return _("no %(what)s document for %(code)s fiscal year %(year)s") % {"what": what, "code": code, "year": req.fiscal_year}


CACHE_SECONDS = 24 * 3600
CACHE_MAX_BYTES = 1024 * 1024  # (a report with many photos is laid out each time: a process keeps at most 300 of these)


def render(doc: Document, fmt: str) -> bytes:
    """The document as `fmt` (pdf or docx) bytes; DocumentError when it cannot be drawn (missing photo).

    The bytes are kept in the cache under a digest of everything they are made of — the document's
    every field, its photos' files, the renderers' own code — so a plan the director opens again, or
    a report downloaded by each of a district's units, is not laid out again (1–3 s a PDF); any change
    to any of them is another document."""
    if fmt not in FORMATS:
        raise DocumentError([_("--format must be pdf or docx, not “%(fmt)s”") % {"fmt": fmt}])
    check(doc)  # a photo gone: said, not looked up
    key = _cache_key(doc, fmt)
    data = cache.get(key)
    if data is None:
        if fmt == "pdf":
            from .pdf import render_pdf

            data = render_pdf(doc)
        else:
            from .docx import render_docx

            data = render_docx(doc)
        if len(data) <= CACHE_MAX_BYTES:
            cache.set(key, data, CACHE_SECONDS)
    return data


def _cache_key(doc: Document, fmt: str) -> str:
    digest = hashlib.sha256(f"{_renderer_version()}\n{fmt}\n{doc!r}".encode())
    for image in images(doc):
        stat = Path(image.path).stat()
        digest.update(f"\n{image.path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return f"prongsai:document:{digest.hexdigest()}"


@functools.cache
def _renderer_version() -> str:
    """A digest of the renderers' code and fonts: a new release never serves a file laid out by the old."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for path in sorted([*here.glob("*.py"), *FACES.values()]):
        digest.update(path.name.encode() + Path(path).read_bytes())
    return digest.hexdigest()[:16]


def filename(req: Request, fmt: str) -> str:
    suffix = f"-{req.reporting_round}" if req.reporting_round else ""
    return f"{req.kind}-{req.agency_code}-{req.fiscal_year}{suffix}.{fmt}"
