"""Creating agencies and rounds with the pack's default units and service types."""
from __future__ import annotations

from prongsai.scoring.inputs import also_rows
from prongsai.scoring import Pack, pack_for_year

from .models import Agency, AssessmentRound, ServiceType, Unit

BMA_CODE = "BMA"


def bangkok() -> Agency:
    agency, _ = Agency.objects.get_or_create(
        code=BMA_CODE, defaults={"name_th": "กรุงเทพมหานคร", "name_en": "Bangkok Metropolitan Administration"}
    )
    return agency


def unknown_agencies(name: str, rows, command: str) -> list[str]:
    """An import's problems for the agency codes (of `rows`: (line, code) pairs) not in Prongsai: each
    once, at its first row, with its other rows. An import adds such agencies only when asked
    (`command`'s --new-agencies): a tester's typo, 99999X, made an agency of one questionnaire that
    the city's table then counted."""
    lines: dict[str, list[int]] = {}
    for line, code in rows:
        if code:
            lines.setdefault(code, []).append(line)
    known = set(Agency.objects.filter(code__in=lines).values_list("code", flat=True))
    problems = []
    for code, at in sorted(((c, at) for c, at in lines.items() if c not in known), key=lambda item: item[1][0]):
        problems.append(f"{name} row {at[0]}, column agency_code: no agency {code!r} here (a typo? "
                        f"{command} --new-agencies adds it)" + also_rows(at))
    return problems


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
