"""From (document kind, agency, fiscal year, round) to a rendered file — shared by `prongsai render`
and the download views, so both say the same thing when something is missing.

The builders live with the measures plans (`prongsai.measures.documents`): `analysis_document(agency,
fiscal_year)`, `plan_document(agency, fiscal_year)`, `progress_document(agency, fiscal_year,
reporting_round)`, each returning a `Document`. They are imported lazily: the renderers work without them.
A builder says "not there" by raising LookupError (or Django's ObjectDoesNotExist) or ValueError with a
message, or by returning None.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist

from .model import Document, DocumentError

KINDS = ("analysis", "plan", "progress")
ROUNDS = ("6m", "12m")
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
        if self.kind not in KINDS:
            out.append(f"--document must be one of {', '.join(KINDS)}, not {self.kind!r}")
        if not 2400 <= self.fiscal_year <= 2700:
            out.append(f"--year {self.fiscal_year} is not a Buddhist-era fiscal year (e.g. 2568)")
        if self.kind == "progress" and self.reporting_round not in ROUNDS:
            out.append(f"--round is needed for the progress report: {' or '.join(ROUNDS)}")
        if self.kind != "progress" and self.reporting_round is not None:
            out.append(f"--round applies to the progress report only, not to the {self.kind} document")
        return out


def build(req: Request) -> Document:
    """The Document for the request, or Unavailable naming what is missing."""
    from prongsai.agencies.models import Agency, AssessmentRound

    problems = req.problems()
    if problems:
        raise Unavailable(problems)
    agency = Agency.objects.filter(code=req.agency_code).first()
    if agency is None:
        raise Unavailable([f"no agency with code {req.agency_code!r}"])
    if req.kind == "analysis":
        previous = req.fiscal_year - 1
        if not AssessmentRound.objects.filter(agency=agency, fiscal_year=previous).exists():
            raise Unavailable([
                f"no {previous} assessment round for {agency.code}: the FY{req.fiscal_year} analysis "
                f"is made from the agency's {previous} results"
            ])
    try:
        builders = importlib.import_module(BUILDERS_MODULE)
    except ImportError:
        raise Unavailable([f"the document builders ({BUILDERS_MODULE}) are not installed"]) from None
    builder = getattr(builders, f"{req.kind}_document", None)
    if builder is None:
        raise Unavailable([f"{BUILDERS_MODULE} has no {req.kind}_document()"])
    args = (agency, req.fiscal_year) + ((req.reporting_round,) if req.kind == "progress" else ())
    try:
        doc = builder(*args)
    except (LookupError, ObjectDoesNotExist, ValueError) as exc:
        raise Unavailable([str(exc) or f"no {req.kind} document for {agency.code} {req.fiscal_year}"]) from None
    if doc is None:
        what = f"{req.kind} document" + (f" ({req.reporting_round})" if req.reporting_round else "")
        raise Unavailable([f"no {what} for {agency.code} fiscal year {req.fiscal_year}"])
    if req.thai_numerals is not None:
        doc.thai_numerals = req.thai_numerals
    return doc


def render(doc: Document, fmt: str) -> bytes:
    """The document as `fmt` (pdf or docx) bytes; DocumentError when it cannot be drawn (missing photo)."""
    if fmt == "pdf":
        from .pdf import render_pdf

        return render_pdf(doc)
    if fmt == "docx":
        from .docx import render_docx

        return render_docx(doc)
    raise DocumentError([f"--format must be pdf or docx, not {fmt!r}"])


def filename(req: Request, fmt: str) -> str:
    suffix = f"-{req.reporting_round}" if req.reporting_round else ""
    return f"{req.kind}-{req.agency_code}-{req.fiscal_year}{suffix}.{fmt}"
