"""Auditors read everything and change nothing: every POST (PUT, PATCH, DELETE) of a user whose
only roles are read-only is refused with 403, whatever the view does — except the few requests
that store nothing of the assessment (their own session, language and display name, the public
questionnaire, a what-if)."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from . import roles

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
ALLOWED = {
    "set_language", "people:login", "people:logout", "people:me",  # (their own display name)
    "surveys:questionnaire", "surveys:thanks",
    "measures:whatif", "measures:whatif_json",
}


def read_only(user) -> bool:
    """An auditor with no other role (and not staff) may not change anything."""
    return roles.is_auditor(user) and not roles.is_admin(user) and roles.roles_of(user) == {roles.AUDITOR}


class ReadOnlyRolesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS and read_only(getattr(request, "user", None)):
            try:
                name = resolve(request.path_info).view_name
            except Resolver404:
                name = None
            if name not in ALLOWED and request.path_info.startswith("/api/"):  # as the API refuses anything: JSON
                return JsonResponse({"detail": _("You are an auditor: you can read every page, and change nothing. "
                                                 "Nothing was changed.")}, status=403)
            if name not in ALLOWED:
                request.read_only = True  # the refusal page says why: an auditor reads, never changes
                raise PermissionDenied
        return self.get_response(request)
