"""Approving a plan and withdrawing the approval: the director's decision, one function each.

An approved plan cannot be edited until its approval is withdrawn."""
from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Plan


class ApprovalError(ValueError):
    """A plan that cannot be approved; the message says why, for the user."""


def approve(plan: Plan, user) -> Plan:
    if not plan.issues.exists():
        raise ApprovalError(_("A plan without issues cannot be approved."))
    plan.approved_by, plan.approved_at = user, timezone.now()
    plan.save(update_fields=["approved_by", "approved_at"])
    return plan


def withdraw(plan: Plan) -> Plan:
    plan.approved_by, plan.approved_at = None, None
    plan.save(update_fields=["approved_by", "approved_at"])
    return plan
