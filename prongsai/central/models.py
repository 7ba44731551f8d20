"""Central measures: the city-wide measures the central office writes for a fiscal year
(ประเด็นการประเมิน, ขั้นตอนหรือวิธีการ, ผู้รับผิดชอบ), assigned to many agencies at once; each
agency records its result (ผลการดำเนินการ) and evidence."""
from django.conf import settings
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency
from prongsai.measures.models import TEXT_LIMITS, EvidenceItem


class CentralMeasure(models.Model):
    fiscal_year = models.PositiveIntegerField(_("fiscal year"), help_text=_("Buddhist era, e.g. 2565"))
    issue = models.CharField(_("assessment issue"), max_length=255,
                             help_text=_("e.g. ๑) การปฏิบัติหน้าที่ (IIT); measures with the same issue are grouped"))
    steps = models.TextField(_("steps or method"), max_length=TEXT_LIMITS["activities"])
    responsible = models.CharField(_("responsible"), max_length=255,
                                   help_text=_("e.g. ทุกหน่วยงานและส่วนราชการในสังกัดสำนักปลัดกรุงเทพมหานคร"))
    order = models.PositiveIntegerField(_("order"), default=0)
    agencies = models.ManyToManyField(Agency, through="CentralAssignment", related_name="central_measures", verbose_name=_("agencies"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("central measure")
        verbose_name_plural = _("central measures")
        ordering = ["-fiscal_year", "order", "id"]

    def __str__(self):
        return f"{self.fiscal_year} {self.issue}: {Truncator(self.steps).chars(60)}"


class CentralAssignment(models.Model):
    """One agency's answer to one central measure."""

    measure = models.ForeignKey(CentralMeasure, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("central measure"))
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="central_assignments", verbose_name=_("agency"))
    result = models.TextField(_("result"), blank=True, max_length=TEXT_LIMITS["result"])
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("last changed"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("recorded by"))
    # the central office's request to the agency to change its answer before the city's report is
    # compiled (it could only read it); cleared when the agency saves its answer again
    change_asked = models.TextField(_("change asked by the central office"), blank=True, max_length=TEXT_LIMITS["note"])

    class Meta:
        verbose_name = _("central measure assignment")
        verbose_name_plural = _("central measure assignments")
        ordering = ["measure", "agency__code"]
        constraints = [models.UniqueConstraint(fields=["measure", "agency"], name="one_assignment_per_agency")]

    def __str__(self):
        return f"{self.agency.code} · {self.measure}"


class CentralEvidence(EvidenceItem):
    assignment = models.ForeignKey(CentralAssignment, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("assignment"))
    file = models.FileField(upload_to="central/", blank=True, max_length=255, verbose_name=_("file"))
    thumbnail = models.FileField(upload_to="central/thumbs/", blank=True, max_length=255, verbose_name=_("thumbnail"))

    class Meta:
        verbose_name = _("central measure evidence")
        verbose_name_plural = _("central measure evidence")
        ordering = ["assignment", "created_at", "id"]

    def __str__(self):
        return self.caption or self.url or self.file.name
