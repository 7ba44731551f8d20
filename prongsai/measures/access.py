"""Who may do what with plans, measures and evidence: one function per object type.

For now every check is "a logged-in staff member"; the people app's roles (coordinator,
unit head, director, central office) will refine these functions, and only these.
"""
from __future__ import annotations


def _staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def can_view_round(user, rnd) -> bool:
    return _staff(user)


def can_edit_library(user) -> bool:
    """The central office edits the standard measure library."""
    return _staff(user)


def can_view_plan(user, plan) -> bool:
    return _staff(user)


def can_edit_plan(user, plan) -> bool:
    return _staff(user)


def can_approve_plan(user, plan) -> bool:
    """The director approves the plan."""
    return _staff(user)


def can_report_progress(user, plan) -> bool:
    return _staff(user)


def can_view_evidence(user, evidence) -> bool:
    return _staff(user)
