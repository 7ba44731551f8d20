"""Central measures: write, assign to many agencies at once, record each agency's result and
evidence (uploads checked and re-encoded by `prongsai.measures.evidence`), and the compiled
document (seed 003: every agency's result under each measure). Every change is audited."""
from __future__ import annotations

from collections import OrderedDict
from datetime import date

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from prongsai.agencies.models import Agency
from prongsai.documents.model import Cell, Column, Document, Section, Table
from prongsai.documents.thai import MONTHS, buddhist_year
from prongsai.measures.evidence import EvidenceError, attached_already, check_upload, fill_upload  # noqa: F401 (EvidenceError for callers)
from prongsai.people import audit

from .models import CentralAssignment, CentralEvidence, CentralMeasure

COLUMNS = ["ประเด็นการประเมิน", "ขั้นตอนหรือวิธีการ", "ผู้รับผิดชอบ", "ผลการดำเนินการ"]
TITLE = "รายงานผลการดำเนินการตามมาตรการยกระดับคุณธรรมและความโปร่งใสภายในหน่วยงาน"


@transaction.atomic
def save_measure(user, measure: CentralMeasure) -> CentralMeasure:
    created = measure.pk is None
    before = None if created else audit.snapshot(CentralMeasure.objects.get(pk=measure.pk))
    if created and not measure.order:
        measure.order = CentralMeasure.objects.filter(fiscal_year=measure.fiscal_year).count() + 1
    measure.save()
    after = audit.snapshot(measure)
    if created:
        audit.record(user, audit.CREATE, measure, after=after)
    elif before != after:
        audit.record(user, audit.UPDATE, measure, before, after)
    return measure


@transaction.atomic
def assign(user, measure: CentralMeasure, agencies) -> int:
    """Assign the measure to these agencies (those already assigned keep their results);
    returns how many were added."""
    have = set(measure.assignments.values_list("agency_id", flat=True))
    added = 0
    for agency in agencies:
        if agency.pk in have:
            continue
        a = CentralAssignment.objects.create(measure=measure, agency=agency)
        audit.record(user, audit.CREATE, a)
        added += 1
    return added


class HasReported(Exception):
    """The agency has recorded a result or evidence for the measure: it stays assigned."""


@transaction.atomic
def unassign(user, assignment: CentralAssignment) -> None:
    """Take the measure off an agency assigned by mistake, unless it has reported on it (checked
    locked: a result saved meanwhile is not deleted with it)."""
    assignment = CentralAssignment.objects.select_for_update().select_related("agency").get(pk=assignment.pk)
    if has_reported(assignment):
        raise HasReported
    audit.record(user, audit.DELETE, assignment)
    assignment.delete()


def has_reported(assignment: CentralAssignment) -> bool:
    """The agency has recorded a result or evidence (results are saved stripped: `reported` counts alike)."""
    return assignment.result != "" or assignment.evidence.exists()


def reported(measure: CentralMeasure) -> int:
    """How many agencies have recorded a result or evidence for the measure (`has_reported`)."""
    from django.db.models import Q

    return (measure.assignments.filter(~Q(result="") | Q(evidence__isnull=False)).values("pk").distinct().count()
            if measure.pk else 0)


@transaction.atomic
def delete_measure(user, measure: CentralMeasure) -> None:
    """Delete a measure made by mistake, with its assignments, unless an agency has reported on it
    (checked locked: a result saved meanwhile is not deleted with it). A tester's measure assigned to
    all 50 districts by mistake could be taken off only one district at a time."""
    measure = CentralMeasure.objects.select_for_update().get(pk=measure.pk)
    assignments = list(CentralAssignment.objects.select_for_update().filter(measure=measure))
    if reported(measure):
        raise HasReported
    for a in assignments:
        audit.record(user, audit.DELETE, a)
    audit.record(user, audit.DELETE, measure)
    measure.delete()


@transaction.atomic
def save_result(user, assignment: CentralAssignment, result: str, asked_seen: str = "") -> bool:
    """The agency's answer, audited; it answers the change the central office asked for when its
    writer saw that request (`asked_seen`: its `request_stamp`; one asked after the page opened stays)."""
    from prongsai.measures.tracking import request_stamp

    # as stored now, locked: a request made while this save was on its way is kept (a reviewer)
    stored = CentralAssignment.objects.select_for_update().get(pk=assignment.pk)
    assignment.change_asked = stored.change_asked
    answered = bool(stored.change_asked) and asked_seen == request_stamp(stored.change_asked)
    before = audit.snapshot(stored)
    if stored.result == result and not answered:
        return False
    assignment.result = result
    if answered:
        assignment.change_asked = ""
    assignment.updated_by = user if user is not None and user.is_authenticated else None
    assignment.save()
    audit.record(user, audit.UPDATE, assignment, before, audit.snapshot(assignment))
    return True


def ask_change(user, assignment: CentralAssignment, note: str) -> None:
    """The central office asks the agency to change its answer (`note`), or withdraws the request
    (""): audited; the agency's coordinator finds it on the answer's page and in their to-do."""
    with transaction.atomic():
        stored = CentralAssignment.objects.select_for_update().get(pk=assignment.pk)  # as stored now, locked
        audit.update_fields(user, stored, change_asked=note.strip())  # (nothing written when it is so already)
        assignment.change_asked = stored.change_asked


@transaction.atomic
def add_upload(user, assignment: CentralAssignment, upload, caption: str = "") -> CentralEvidence:
    checked = check_upload(upload)
    existing = attached_already(assignment.evidence.all(), checked)  # the same file again: once
    if existing is not None:
        return existing
    evidence = CentralEvidence(assignment=assignment, caption=caption[:255])
    fill_upload(evidence, checked)
    evidence.save()
    audit.record(user, audit.CREATE, evidence, agency=assignment.agency)
    return evidence


@transaction.atomic
def add_link(user, assignment: CentralAssignment, url: str, caption: str = "") -> CentralEvidence:
    existing = attached_already(assignment.evidence.all(), url)
    if existing is not None:
        return existing
    evidence = CentralEvidence.objects.create(assignment=assignment, kind=CentralEvidence.LINK, url=url,
                                              caption=caption[:255])
    audit.record(user, audit.CREATE, evidence, agency=assignment.agency)
    return evidence


@transaction.atomic
def save_caption(user, evidence: CentralEvidence, caption: str) -> bool:
    """One piece of evidence's own caption (a save gives every file and link it adds the one caption)."""
    return audit.update_fields(user, evidence, agency=evidence.assignment.agency, caption=caption)


@transaction.atomic
def delete_evidence(user, evidence: CentralEvidence) -> None:
    audit.record(user, audit.DELETE, evidence, agency=evidence.assignment.agency)
    evidence.delete()


@receiver(post_delete, sender=CentralEvidence)
def _delete_files(sender, instance: CentralEvidence, **kwargs):
    files = [(f.storage, f.name) for f in (instance.file, instance.thumbnail) if f]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


def years() -> list[int]:
    return list(CentralMeasure.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct())


def _agency_name(agency: Agency) -> str:
    return agency.name_th or agency.name_en or agency.code


def _evidence_note(evidence: list[CentralEvidence]) -> str:
    """An agency's evidence as the compiled report names it: links, attached files by name, how many photos."""
    from prongsai.measures.documents import evidence_text

    parts = [evidence_text(e) for e in evidence if e.kind != CentralEvidence.PHOTO]
    photos = sum(1 for e in evidence if e.kind == CentralEvidence.PHOTO)
    if photos:
        parts.append(f"ภาพถ่าย {photos} ภาพ")
    return "; ".join(parts)


def compiled_document(year: int, thai_numerals: bool = True, today: date | None = None) -> Document | None:
    """Seed 003's table: issue, steps, responsible, and the results of the assigned agencies (one
    paragraph each, named; those with nothing reported named together in one last line). Measures of one issue share the issue cell. As in seed 003, the
    introduction says as of which month, and the office that compiled it closes the report; a
    line before the table says how many of the assigned agencies have reported. None: no measures."""
    today = today or timezone.localdate()
    measures = list(CentralMeasure.objects.filter(fiscal_year=year).prefetch_related(
        "assignments__agency", "assignments__evidence"))
    if not measures:
        return None
    groups: OrderedDict[str, list[CentralMeasure]] = OrderedDict()
    for m in measures:
        groups.setdefault(m.issue, []).append(m)
    rows = []
    for issue, items in groups.items():
        for n, m in enumerate(items):
            results, waiting = [], []
            for a in m.assignments.all():
                evidence = _evidence_note(list(a.evidence.all()))
                if not a.result.strip() and not evidence:
                    waiting.append(_agency_name(a.agency))
                    continue
                line = f"{_agency_name(a.agency)}: {a.result.strip() or '(ยังไม่รายงานผล)'}"
                results.append(f"{line} ({evidence})" if evidence else line)
            if waiting:  # one line, after the results (a tester found one result among 49 of these); a
                # district office by its district, as one says it (เขตพระนคร): the list ran a page of names
                short = [name.removeprefix("สำนักงาน") if name.startswith("สำนักงานเขต") else name for name in waiting]
                results.append(f"ยังไม่รายงานผล {len(waiting)} หน่วยงาน ได้แก่ {', '.join(short)}")  # (names hold spaces)
            row = [] if n else [Cell(text=issue, rowspan=len(items), bold=True)]
            row += [Cell(text=m.steps), Cell(text=m.responsible),
                    Cell(bullets=results) if results else Cell(text="–")]
            rows.append(row)
    table = Table(columns=[Column(COLUMNS[0], 1.2), Column(COLUMNS[1], 2.2), Column(COLUMNS[2], 1.2),
                           Column(COLUMNS[3], 3.0)], rows=rows, font_pt=14)
    as_of = f"{MONTHS[today.month - 1]} {buddhist_year(today)}"
    intro = (f"กองวินัยและเสริมสร้างจริยธรรม สำนักงาน ก.ก. ได้รวบรวมผลการดำเนินการตามมาตรการยกระดับคุณธรรม"
             f"และความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. {year} (ณ เดือน{as_of}) ดังนี้")
    assigned = sum(len(m.assignments.all()) for m in measures)
    answered = sum(1 for m in measures for a in m.assignments.all() if a.result.strip())
    summary = (f"มาตรการ {len(measures)} มาตรการ มอบหมายหน่วยงานรวม {assigned} รายการ "
               f"รายงานผลแล้ว {answered} รายการ ยังไม่รายงานผล {assigned - answered} รายการ")
    closing = Section(paragraphs=["กลุ่มงานเสริมสร้างจริยธรรม", "กองวินัยและเสริมสร้างจริยธรรม สำนักงาน ก.ก.", as_of])
    return Document(title=TITLE, agency="กรุงเทพมหานคร", fiscal_year=year,
                    sections=[Section(paragraphs=[intro, summary], table=table), closing],
                    thai_numerals=thai_numerals, kind="central")
