"""Agencies, their units and service types, and assessment rounds (agency × fiscal year)."""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language

from prongsai.scoring import PackError, load_pack


class Bilingual(models.Model):
    """A Thai name first and an English one second; `name` follows the active language."""

    name_th = models.CharField(max_length=255)
    name_en = models.CharField(max_length=255, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name_th

    def __str__(self) -> str:
        return self.name


class Agency(Bilingual):
    """A public agency (district office, department); agencies nest under a parent (BMA)."""

    code = models.CharField(max_length=32, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    synthetic = models.BooleanField(default=False, help_text="Demo data made up by Prongsai, labelled in the UI")

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "agencies"


class Unit(Bilingual):
    """ส่วนราชการ/ฝ่าย: a unit inside an agency."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="units")
    code = models.CharField(max_length=64)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["agency", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="unit_code_per_agency")]


class ServiceType(Bilingual):
    """ประเภทบริการ of an EIT respondent; names in Chinese and Burmese for the questionnaire."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="service_types")
    code = models.CharField(max_length=64)
    name_zh = models.CharField(max_length=255, blank=True)
    name_my = models.CharField(max_length=255, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["agency", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="service_type_code_per_agency")]


class AssessmentRound(models.Model):
    """One agency's assessment in one Buddhist-era fiscal year, under one framework pack."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="rounds")
    fiscal_year = models.PositiveIntegerField(help_text="Buddhist era, e.g. 2567")
    framework = models.CharField(max_length=64)
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency__code", "-fiscal_year"]
        constraints = [models.UniqueConstraint(fields=["agency", "fiscal_year"], name="one_round_per_agency_year")]

    def __str__(self) -> str:
        return f"{self.agency.code} {self.fiscal_year}"

    @property
    def pack(self):
        return load_pack(self.framework)

    def clean(self):
        try:
            pack = load_pack(self.framework)
        except PackError as exc:
            raise ValidationError({"framework": str(exc)})
        if self.fiscal_year not in pack.fiscal_years:
            raise ValidationError({"fiscal_year": f"framework {pack.code} covers {pack.fiscal_years}"})
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "the collection window must close after it opens"})

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return bool(self.opens_at and self.closes_at and self.opens_at <= now < self.closes_at)

    def previous(self):
        return (
            AssessmentRound.objects.filter(agency=self.agency, fiscal_year__lt=self.fiscal_year)
            .order_by("-fiscal_year")
            .first()
        )
