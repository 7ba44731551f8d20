"""Test helpers: agencies and one user per role (shared with the central app's tests)."""
from __future__ import annotations

from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from prongsai.agencies.services import ensure_agency
from prongsai.people import roles
from prongsai.people.models import Membership
from prongsai.scoring import load_pack

PASSWORD = "a-long-test-password-1"
PACK = "bma-district-2567"


def agency(code: str, name_th: str = "", name_en: str = "", synthetic: bool = False):
    return ensure_agency(code, load_pack(PACK), name_th or f"เขตทดสอบ {code}", name_en or f"Test {code}", synthetic)


@cache
def _hash_with(hasher: str) -> str:
    return make_password(PASSWORD)  # once per hasher: hashing is slow by design


def _hashed() -> str:
    return _hash_with(settings.PASSWORD_HASHERS[0])


def user(username: str, role: str | None = None, agency=None, unit=None, assigned=(), **flags):
    u = get_user_model().objects.create(username=username, password=_hashed(), **flags)
    if role:
        m = Membership.objects.create(user=u, role=role, agency=agency, unit=unit)
        if assigned:
            m.assigned_agencies.set(assigned)
    return u


def role_users(home, other) -> dict:
    """One user per role around agency `home`, plus the people who must be kept out."""
    unit = home.units.first()
    return {
        "coordinator": user("coord", roles.COORDINATOR, home),
        "unit_staff": user("unit", roles.UNIT_STAFF, home, unit),
        "director": user("director", roles.DIRECTOR, home),
        "central": user("central", roles.CENTRAL),
        "assessor": user("assessor", roles.ASSESSOR, assigned=[home]),
        "auditor": user("auditor", roles.AUDITOR),
        "other_coordinator": user("other-coord", roles.COORDINATOR, other),
        "no_role": user("nobody"),
        "staff": user("staff", is_staff=True),
        "superuser": user("root", is_staff=True, is_superuser=True),
    }
