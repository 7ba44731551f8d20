"""Who may do what with a round's OIT disclosures: one place for every check.

Staff only for now; roles (coordinator, unit head, assessor) arrive in a later issue.
"""
from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from prongsai.agencies.models import AssessmentRound


def can_view(user, rnd: AssessmentRound) -> bool:
    """See the working view (drafts, files, history) of a round's disclosures."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def can_assess(user, rnd: AssessmentRound) -> bool:
    """Give verdicts and comments."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def can_edit_disclosure(user, rnd: AssessmentRound) -> bool:
    """Edit links, files, notes, the responsible unit and person, due dates; submit; run link checks."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def round_view(check):
    """A view decorator: load the round `pk`, send anonymous users to log in, refuse others."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, pk: int, *args, **kwargs):
            rnd = get_object_or_404(AssessmentRound.objects.select_related("agency"), pk=pk)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), "admin:login")
            if not check(request.user, rnd):
                raise PermissionDenied
            return view(request, rnd, *args, **kwargs)

        return wrapped

    return decorator
