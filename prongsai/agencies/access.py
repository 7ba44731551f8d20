"""Who may do what with an agency's round: delegates to `prongsai.people.roles` (one place)."""
from __future__ import annotations

from prongsai.people import roles


def can_view_round(user, rnd) -> bool:
    """Read the round's internal results report and collection progress."""
    return roles.can_read_round(user, rnd)


def can_edit_round(user, rnd) -> bool:
    """Import responses, set targets and the collection window, print posters: the coordinator."""
    return roles.can_edit_round(user, rnd)


def can_import(user) -> bool:
    """Open the response import (a coordinator may then save only their agency's rows)."""
    return roles.can_import(user)


def can_import_agencies(user, codes) -> bool:
    return roles.can_import_agencies(user, codes)


def readable_rounds(user, queryset):
    return roles.readable(user, queryset, "agency")


def round_starters(user):
    """The agencies whose new rounds the user may start (`roles.round_agencies`)."""
    from .models import Agency

    return roles.round_agencies(user, Agency.objects.order_by("code"))
