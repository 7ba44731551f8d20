"""Who may do what with an agency's round. One helper per object type; roles arrive in a
later issue, until then coordinators are staff users."""
from __future__ import annotations


def can_view_round(user, rnd) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def can_edit_round(user, rnd) -> bool:
    """Import responses, set targets and the collection window, print posters."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def can_import(user) -> bool:
    """Import files that may create agencies and rounds."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)
