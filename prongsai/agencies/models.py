"""Agencies, their units and service types, and assessment rounds (agency × fiscal year)."""
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from prongsai.scoring import PackError, load_pack
from prongsai.scoring.inputs import AGENCY_CODE


class Bilingual(models.Model):
    """A Thai name first and an English one second; `name` follows the active language."""

    name_th = models.CharField(max_length=255, verbose_name=_("name (Thai)"))
    name_en = models.CharField(max_length=255, blank=True, verbose_name=_("name (English)"))

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name_th

    def __str__(self) -> str:
        return self.name


class Agency(Bilingual):
    """A public agency (district office, department); agencies nest under a parent (BMA)."""

    code = models.CharField(
        max_length=32, unique=True, verbose_name=_("code"),
        # as the import files and commands accept it, so an agency made in the admin can be named in them
        validators=[RegexValidator(rf"\A(?:{AGENCY_CODE.pattern})\Z", _(
            "Use Latin letters, digits, - and _ only, starting with a letter or digit (e.g. 101041)."))],
    )
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent agency"))
    synthetic = models.BooleanField(default=False, help_text="Demo data made up by Prongsai, labelled in the UI", verbose_name=_("synthetic demo data"))

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["code"]


class Unit(Bilingual):
    """ส่วนราชการ/ฝ่าย: a unit inside an agency."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="units", verbose_name=_("agency"))
    code = models.CharField(max_length=64, verbose_name=_("code"))
    # the EIT asks which unit the respondent dealt with, in Chinese and Burmese too
    name_zh = models.CharField(max_length=255, blank=True, verbose_name=_("name (Chinese)"))
    name_my = models.CharField(max_length=255, blank=True, verbose_name=_("name (Burmese)"))
    order = models.PositiveIntegerField(default=0, verbose_name=_("order"))

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["agency", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="unit_code_per_agency")]


class ServiceType(Bilingual):
    """ประเภทบริการ of an EIT respondent; names in Chinese and Burmese for the questionnaire."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="service_types", verbose_name=_("agency"))
    code = models.CharField(max_length=64, verbose_name=_("code"))
    name_zh = models.CharField(max_length=255, blank=True, verbose_name=_("name (Chinese)"))
    name_my = models.CharField(max_length=255, blank=True, verbose_name=_("name (Burmese)"))
    order = models.PositiveIntegerField(default=0, verbose_name=_("order"))

    class Meta:
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        ordering = ["agency", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="service_type_code_per_agency")]


def assessed_agencies():
    """The agencies that are assessed themselves: every agency that groups no others (the city
    groups the district offices; it has no ITA of its own)."""
    return Agency.objects.filter(children__isnull=True).order_by("code")


def units_and_service_types(agency_id: int) -> tuple[tuple[Unit, ...], tuple[ServiceType, ...]]:
    """An agency's units and service types, each in its own order, in one plain query. The
    public questionnaire needs both for every page and every submission — its hottest path —
    and two ORM querysets cost it about 0.7 ms of Python per submission more (docs/scale.md).
    The objects are made once per process for the rows as read (`_made`): callers only read them."""
    q = connection.ops.quote_name
    fields = [f.attname for f in ServiceType._meta.concrete_fields]  # a unit has the same
    unit_fields = {f.attname for f in Unit._meta.concrete_fields}
    unit_columns = ", ".join(q(Unit._meta.get_field(f.removesuffix("_id")).column) if f in unit_fields else "''" for f in fields)
    service_columns = ", ".join(q(ServiceType._meta.get_field(f.removesuffix("_id")).column) for f in fields)
    order, code = fields.index("order") + 2, fields.index("code") + 2  # ORDER BY positions (kind is 1)
    sql = (
        f"SELECT 0, {unit_columns} FROM {q(Unit._meta.db_table)} WHERE {q('agency_id')} = %s UNION ALL "
        f"SELECT 1, {service_columns} FROM {q(ServiceType._meta.db_table)} WHERE {q('agency_id')} = %s "
        f"ORDER BY 1, {order}, {code}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [agency_id, agency_id])
        rows = tuple(cursor.fetchall())
    return _made(connection.alias, tuple(fields), rows)


@lru_cache(maxsize=1024)
def _made(alias: str, fields: tuple[str, ...], rows: tuple[tuple, ...]) -> tuple[tuple[Unit, ...], tuple[ServiceType, ...]]:
    """The units and service types of `rows` as read: the same rows (every column of them) give the same
    objects, so a renamed unit is read anew; making them was a tenth of a submission's CPU."""
    unit_fields = {f.attname for f in Unit._meta.concrete_fields}
    unit_names = [f for f in fields if f in unit_fields]
    units = tuple(Unit.from_db(alias, unit_names, [v for f, v in zip(fields, row[1:]) if f in unit_fields])
                  for row in rows if row[0] == 0)
    services = tuple(ServiceType.from_db(alias, fields, row[1:]) for row in rows if row[0] == 1)
    return units, services


class AssessmentRound(models.Model):
    """One agency's assessment in one Buddhist-era fiscal year, under one framework pack."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("agency"))
    fiscal_year = models.PositiveIntegerField(help_text="Buddhist era, e.g. 2567", verbose_name=_("fiscal year"))
    framework = models.CharField(max_length=64, verbose_name=_("framework"))
    opens_at = models.DateTimeField(null=True, blank=True, verbose_name=_("collection opens"))
    closes_at = models.DateTimeField(null=True, blank=True, verbose_name=_("collection closes"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
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
