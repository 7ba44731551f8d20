"""Creating agencies and rounds with the pack's default units and service types."""
from __future__ import annotations

from prongsai.scoring import Pack, pack_for_year

from .models import Agency, AssessmentRound, ServiceType, Unit

BMA_CODE = "BMA"


def bangkok() -> Agency:
    agency, _ = Agency.objects.get_or_create(
        code=BMA_CODE, defaults={"name_th": "กรุงเทพมหานคร", "name_en": "Bangkok Metropolitan Administration"}
    )
    return agency


def ensure_agency(code: str, pack: Pack, name_th: str = "", name_en: str = "", synthetic: bool = False) -> Agency:
    """The agency with this code, created under Bangkok with the pack's default units and
    service types when it does not exist yet."""
    agency = Agency.objects.filter(code=code).first()
    if agency:
        return agency
    agency, created = Agency.objects.get_or_create(  # (created meanwhile by another import: that one)
        code=code, defaults={"name_th": name_th or code, "name_en": name_en, "parent": bangkok(), "synthetic": synthetic})
    if not created:
        return agency
    Unit.objects.bulk_create(
        Unit(agency=agency, code=u.code, name_th=u.name.th, name_en=u.name.en, name_zh=u.name.zh or "",
             name_my=u.name.my or "", order=n)
        for n, u in enumerate(pack.default_units)
    )
    ServiceType.objects.bulk_create(
        ServiceType(
            agency=agency, code=s.code, name_th=s.name.th, name_en=s.name.en,
            name_zh=s.name.zh or "", name_my=s.name.my or "", order=n,
        )
        for n, s in enumerate(pack.service_types)
    )
    return agency


def ensure_round(agency: Agency, fiscal_year: int, framework: str | None = None) -> AssessmentRound:
    framework = framework or pack_for_year(fiscal_year).code
    rnd, _ = AssessmentRound.objects.get_or_create(
        agency=agency, fiscal_year=fiscal_year, defaults={"framework": framework}
    )
    return rnd
