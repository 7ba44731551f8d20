"""Improvement planning: the standard measure library, plans with their issues and measures,
reporting rounds, progress per measure and round, and evidence.

Overdue is computed from the deadline (`tracking.RoundProgress.is_overdue` for what a round shows,
`MeasureProgress.is_overdue` for one record), never stored; in a reporting round it is counted as
of `ReportingRound.overdue_as_of` — the page, the API and the signed report alike.
"""
from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.db import models
from django.utils.text import Truncator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency, AssessmentRound, Unit

# where a plan, or a reporting round's report, stands in its approval: the coordinator's draft, sent
# back by the director with a note, waiting for the director, approved (signed)
APPROVAL_STATES = {"draft": _("draft"), "returned": _("sent back"), "waiting": _("waiting for approval"), "approved": _("approved")}
# The longest texts a plan holds, in characters: each prints in a table cell of the signed
# documents, so a page of text pasted by mistake is refused with its length, not printed over
# forty pages. The library's own texts are well within (its longest activities: 415).
TEXT_LIMITS = {"problem": 2000, "activities": 2000, "output": 1000, "communication": 1000, "result": 3000, "note": 2000}


def approval_state(obj) -> str:
    """A plan's or a reporting round's place in its approval (APPROVAL_STATES)."""
    if obj.approved_at is not None:
        return "approved"
    if obj.submitted_at is not None:
        return "waiting"
    return "returned" if obj.returned_note else "draft"


class StandardMeasure(models.Model):
    """One measure of the standard library for a question (I1…E6) or an OIT sub-indicator (9.1…)."""

    framework = models.CharField(max_length=64)
    target = models.CharField(_("question or sub-indicator"), max_length=16, help_text=_("I1–I12, E1–E6 or 9.1–10.2"))
    key = models.CharField(max_length=40, help_text=_("stable key of the library file entry, e.g. I1-1"))
    title_th = models.CharField(_("title (Thai)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    activities_th = models.TextField(_("activities"), max_length=TEXT_LIMITS["activities"])
    output_th = models.TextField(_("output"), blank=True, max_length=TEXT_LIMITS["output"])
    communication_th = models.TextField(_("communication method"), blank=True, max_length=TEXT_LIMITS["communication"])
    responsible_th = models.CharField(_("responsible unit"), max_length=255, blank=True)
    monitoring_th = models.CharField(_("monitoring cadence"), max_length=255, blank=True)
    sources = models.CharField(_("source documents"), max_length=255, blank=True)
    order = models.PositiveIntegerField(default=0)
    edited_at = models.DateTimeField(null=True, blank=True, help_text=_("set when the central office edits it"))

    class Meta:
        verbose_name = _("library measure")
        verbose_name_plural = _("library measures")
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "key"], name="one_standard_measure_per_key")]

    def __str__(self) -> str:
        return f"{self.target} {self.title_th}"

    @property
    def title(self) -> str:
        from django.utils.translation import get_language

        return self.title_en if get_language() == "en" and self.title_en else self.title_th


class Signed:
    """What a plan and a progress report share once signed: who signed, as the page names them."""

    @property
    def signed_name(self) -> str:
        """The name the signed documents print: frozen at approval; for an approver who had given
        none, the name given since (earlier approvals kept the login then: never printed); "" for none."""
        name, by = self.approved_name, self.approved_by if self.approved_by_id else None
        if by is not None and name in ("", by.get_username()):
            return by.get_full_name()
        return name

    @property
    def approver(self) -> str:
        """Who approved, as the pages say it: the signed name, else the approving account's login (a
        director who gave no name), else none (a demo's or an import's approval, an account gone)."""
        return self.signed_name or (self.approved_by.get_username() if self.approved_by_id else "")


class Plan(Signed, models.Model):
    """The measures plan of an agency for a fiscal year, made from the previous year's round."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="plans", verbose_name=_("agency"))
    fiscal_year = models.PositiveIntegerField(_("fiscal year"), help_text=_("Buddhist era, e.g. 2568"))
    source_round = models.ForeignKey(
        AssessmentRound, null=True, blank=True, on_delete=models.SET_NULL, related_name="plans", verbose_name=_("results it answers")
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("approved at"))
    # the approver's name as it was when they approved: a signed document does not change with a rename
    approved_name = models.CharField(max_length=300, blank=True, verbose_name=_("approver's name as signed"))
    # the coordinator says the plan is complete and asks the director to approve it
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent for approval at"))
    # the director's reason when sending the plan back (shown to the coordinator until it is sent again)
    returned_note = models.TextField(blank=True, max_length=TEXT_LIMITS["note"], verbose_name=_("director's note"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("measures plan")
        verbose_name_plural = _("measures plans")
        ordering = ["agency__code", "-fiscal_year"]
        constraints = [models.UniqueConstraint(fields=["agency", "fiscal_year"], name="one_plan_per_agency_year")]

    def __str__(self) -> str:
        return f"{self.agency.code} {self.fiscal_year}"

    @property
    def approved(self) -> bool:
        return self.approved_at is not None

    @property
    def waiting(self) -> bool:
        """Submitted for approval and not approved yet: on the director's list."""
        return self.submitted_at is not None and not self.approved

    @property
    def state(self) -> str:
        """Its key in APPROVAL_STATES."""
        return approval_state(self)

    @property
    def state_label(self):
        return APPROVAL_STATES[self.state]

    @property
    def pack(self):
        from prongsai.scoring import pack_for_year

        return self.source_round.pack if self.source_round else pack_for_year(self.fiscal_year)

    def measures(self):
        return Measure.objects.filter(issue__plan=self).select_related("issue").order_by("issue__order", "issue_id", "order", "id")


class PlanIssue(models.Model):
    """An issue chosen for improvement: a question (I4), an OIT item (O10) or sub-indicator (9.2)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="issues", verbose_name=_("plan"))
    code = models.CharField(_("question or item"), max_length=16)
    problem = models.TextField(_("problem to improve"), blank=True, max_length=TEXT_LIMITS["problem"])
    order = models.PositiveIntegerField(default=0, verbose_name=_("order"))

    class Meta:
        verbose_name = _("issue to improve")
        verbose_name_plural = _("issues to improve")
        ordering = ["plan", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="one_issue_per_code")]

    def __str__(self) -> str:
        return self.code


class Measure(models.Model):
    """A measure/activity planned for an issue, possibly copied from the standard library."""

    issue = models.ForeignKey(PlanIssue, on_delete=models.CASCADE, related_name="measures", verbose_name=_("issue"))
    standard = models.ForeignKey(StandardMeasure, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("from the standard library"))
    activities = models.TextField(_("measures / activities"), max_length=TEXT_LIMITS["activities"])
    output = models.TextField(_("output"), blank=True, max_length=TEXT_LIMITS["output"])
    communication = models.TextField(_("communication method"), blank=True, max_length=TEXT_LIMITS["communication"])
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    responsible_units = models.ManyToManyField(Unit, blank=True, related_name="measures", verbose_name=_("responsible units"))
    monitoring = models.CharField(_("monitoring cadence"), max_length=255, blank=True)
    order = models.PositiveIntegerField(default=0, verbose_name=_("order"))

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["issue", "order", "id"]

    def __str__(self) -> str:
        return Truncator(self.activities.splitlines()[0]).chars(80) if self.activities else str(self.pk)  # "…" when cut

    @property
    def short_label(self) -> str:
        """Its issue and the start of its activities: one measure of several under an issue, named in a line."""
        start = Truncator(self.activities.splitlines()[0]).chars(40) if self.activities else str(self.pk)
        return f"{self.issue.code} ({start})"


class ReportingRound(Signed, models.Model):
    """A progress reporting round of a plan: 6 months (Oct–Mar), 12 months, or custom dates."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reporting_rounds", verbose_name=_("plan"))
    code = models.SlugField(_("code"), max_length=32, help_text=_("6m, 12m or your own code"))
    # what people and the documents call a round with its own dates ("ไตรมาสที่ 3"); 6m and 12m have theirs
    name = models.CharField(_("name"), max_length=100, blank=True,
                            help_text=_("What the documents call it, e.g. Quarter 3 (9 months)"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    # the director's sign-off of this round's progress report; progress is then frozen
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("approved at"))
    approved_name = models.CharField(max_length=300, blank=True, verbose_name=_("approver's name as signed"))  # as at the sign-off
    returned_note = models.TextField(blank=True, max_length=TEXT_LIMITS["note"], verbose_name=_("director's note"))  # what the director asked to change, until the sign-off
    # the director's notes on single measures sent back with the report ({measure id: note}), until it is sent again
    measure_notes = models.JSONField(default=dict, blank=True, verbose_name=_("director's notes on measures"))
    # when the coordinator, having read what the units recorded, sent the report to the director
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent for approval at"))

    class Meta:
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        ordering = ["plan", "end", "start", "code"]  # as they come due: 6m, then 12m
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="one_reporting_round_per_code")]

    def __str__(self) -> str:
        return self.code

    @property
    def approved(self) -> bool:
        return self.approved_at is not None

    @property
    def state(self) -> str:
        """Its report's key in APPROVAL_STATES."""
        return approval_state(self)

    def measure_note(self, measure_id: int) -> str:
        """The director's note on one measure, sent back with the report ("" for none)."""
        return self.measure_notes.get(str(measure_id), "")

    @property
    def label(self) -> str:
        """What people call it: the 6-month round, the 12-month round, its own name, or its code."""
        standard = {"6m": _("6-month round"), "12m": _("12-month round")}.get(self.code)
        return standard or self.name or _("round %(code)s") % {"code": self.code}

    def overdue_as_of(self, today: dt.date | None = None) -> dt.date:
        """A measure not done is overdue in the round when its deadline is before this day: today,
        or once the round has ended the day after its last (a report says what was late within its
        period: a deadline on its last day is late, one after it is not)."""
        return min(today or timezone.localdate(), self.end + dt.timedelta(days=1))


class MeasureProgress(models.Model):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    STATUSES = [(NOT_STARTED, _("not started")), (IN_PROGRESS, _("in progress")), (DONE, _("done"))]

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="progress", verbose_name=_("measure"))
    reporting_round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="progress", verbose_name=_("reporting round"))
    status = models.CharField(_("status"), max_length=16, choices=STATUSES, default=NOT_STARTED)
    result = models.TextField(_("what was done / results"), blank=True, max_length=TEXT_LIMITS["result"])
    # the day a done measure was finished (ProgressForm: the day it is first saved done, unless given):
    # the reports say "late" when it is after the deadline, which the status alone no longer shows
    completed_on = models.DateField(_("finished on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("last changed"))
    # who saved it last (staff, never a respondent): units sharing a measure share one record
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("recorded by"))
    # the coordinator's request to the unit to change what it recorded, before the report goes to the
    # director (a tester's coordinator could only overwrite a unit's text); cleared by the unit's next save
    change_asked = models.TextField(_("change asked by the coordinator"), blank=True, max_length=TEXT_LIMITS["note"])
    # the request the unit's save answered (its text), for the coordinator to read before sending the
    # report (they were told of nothing when a unit answered: a tester); cleared when the report is
    # sent or the coordinator asks again
    change_answered = models.TextField(_("change the unit made as asked"), blank=True, max_length=TEXT_LIMITS["note"])

    class Meta:
        verbose_name = _("measure progress")
        verbose_name_plural = _("measure progress")
        ordering = ["reporting_round", "measure"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "reporting_round"], name="one_progress_per_measure_round")
        ]

    def __str__(self) -> str:
        """What the audit log names it by: the measure and its round ("อบรมเจ้าหน้าที่ · รอบ 6 เดือน")."""
        return f"{self.measure} · {self.reporting_round.label}"

    @property
    def finished_late(self) -> bool:
        """Done, on a day after its measure's deadline."""
        deadline = self.measure.deadline
        return self.status == self.DONE and None not in (self.completed_on, deadline) and self.completed_on > deadline

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Not done and its measure's deadline had passed as of its round's `overdue_as_of`."""
        deadline = self.measure.deadline
        return self.status != self.DONE and deadline is not None and deadline < self.reporting_round.overdue_as_of(today)


class EvidenceItem(models.Model):
    """A photo, file or link shown as evidence of a result; each kind of result (a measure's
    progress, a central measure's answer) has its own table and folder built on this."""

    PHOTO = "photo"
    FILE = "file"
    LINK = "link"
    KINDS = [(PHOTO, _("photo")), (FILE, _("file")), (LINK, _("link"))]

    kind = models.CharField(max_length=8, choices=KINDS, verbose_name=_("kind"))
    url = models.URLField(_("link"), max_length=1000, blank=True)
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True, verbose_name=_("file type"))
    size = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("size (bytes)"))
    # the name the file was uploaded under, made safe (shown in documents; never a storage path)
    original_name = models.CharField(max_length=200, blank=True, verbose_name=_("file name"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        abstract = True

    @property
    def file_name(self) -> str:
        """What documents call the file: the name it was uploaded under, else the stored one."""
        return self.original_name or self.file.name.rsplit("/", 1)[-1]

    def download_name(self, field) -> str:
        """The name a download of `field` gets: its caption made safe for a file name (Thai kept) and
        its number (the photos of one save share a caption: saved side by side they would overwrite
        one another), else "evidence-<id>", with the stored file's extension."""
        extension = field.name.rsplit(".", 1)[-1].lower() if "." in field.name.rsplit("/", 1)[-1] else ""
        # \w leaves out Thai vowel and tone marks (they are not letters to Python): the Thai block is kept whole
        caption = re.sub(r"[^\w\u0E00-\u0E7F]+", "-", self.caption).strip("-_")[:60].strip("-_")
        base = f"{caption}-{self.pk}" if caption else f"evidence-{self.pk}"
        return f"{base}.{extension}" if extension else base


class Evidence(EvidenceItem):
    progress = models.ForeignKey(MeasureProgress, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("progress record"))
    file = models.FileField(upload_to="evidence/", blank=True, max_length=255, verbose_name=_("file"))
    thumbnail = models.FileField(upload_to="evidence/thumbs/", blank=True, max_length=255, verbose_name=_("thumbnail"))

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["progress", "created_at", "id"]

    def __str__(self) -> str:
        return self.caption or self.url or self.kind
