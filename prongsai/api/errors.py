"""The API's error messages in the request's language and in the API's own words: not Django REST
framework's English parse errors ("JSON parse error - Expecting property name…"), its "No Plan
matches the given query." or its Thai catalogue's wording of 405."""
from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    view = context.get("view")
    if isinstance(exc, (Http404, exceptions.NotFound)) and not _own_message(exc):
        exc = exceptions.NotFound(_not_found(view))
    elif isinstance(exc, exceptions.ParseError) and "JSON" in str(exc.detail):
        exc = exceptions.ParseError(_("The request body is not valid JSON. Nothing was changed."))
    elif isinstance(exc, exceptions.MethodNotAllowed):
        method = context["request"].method
        allowed = ", ".join(m for m in getattr(view, "allowed_methods", []) if m != "OPTIONS")
        exc = exceptions.MethodNotAllowed(method, detail=_("%(method)s is not allowed here (allowed: %(allowed)s).")
                                          % {"method": method, "allowed": allowed})
    return drf_exception_handler(exc, context)


def _own_message(exc) -> bool:
    """A NotFound raised by our views with their own words ("The plan has no reporting round…")."""
    return isinstance(exc, exceptions.NotFound) and str(exc.detail) != str(exceptions.NotFound.default_detail)


def _not_found(view) -> str:
    try:
        kind = view.base_queryset().model._meta.verbose_name
    except Exception:  # a view without a model, or an unknown route
        return _("Not found.")
    return _("No %(kind)s with this id among those you may read.") % {"kind": kind}
