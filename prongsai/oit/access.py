"""Who may do what with a round's OIT disclosures: one place for every check.

The rules live in `prongsai.people.roles`; these name them for the OIT pages.
"""
from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from prongsai.agencies.models import AssessmentRound
from prongsai.people import roles


def can_view(user, rnd: AssessmentRound) -> bool:
    """See the working view (drafts, files, history) of a round's disclosures."""
    return roles.can_read_round(user, rnd)


def can_assess(user, rnd: AssessmentRound) -> bool:
    """Give verdicts and comments: an assessor assigned to the agency."""
    return roles.can_assess(user, rnd.agency_id)


def can_edit_disclosure(user, rnd: AssessmentRound) -> bool:
    """Edit links, files, notes, the responsible unit and person, due dates; submit; run link checks."""
    return roles.can_edit_round(user, rnd)


def can_check_links(user, rnd: AssessmentRound) -> bool:
    """Run the link checks now: whoever edits the links, and the assessor who opens them (a tester's
    assessor saw "not checked yet" beside every link until the coordinator ran it)."""
    return can_edit_disclosure(user, rnd) or can_assess(user, rnd)


def readable_rounds(user, queryset):
    return roles.readable(user, queryset, "agency")


def round_view(check):
    """A view decorator: load the round `pk`, send anonymous users to log in, refuse others."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, pk: int, *args, **kwargs):
            rnd = get_object_or_404(AssessmentRound.objects.select_related("agency"), pk=pk)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user, rnd):
                raise PermissionDenied
            return view(request, rnd, *args, **kwargs)

        return wrapped

    return decorator
