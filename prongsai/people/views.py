from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from . import roles
from .access import requires
from .forms import AuditFilterForm, ThrottledLoginForm
from .models import AuditEntry


class LoginView(auth_views.LoginView):
    template_name = "people/login.html"
    authentication_form = ThrottledLoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "session_hours": settings.SESSION_COOKIE_AGE // 3600}


class LogoutView(auth_views.LogoutView):
    template_name = "people/logged_out.html"


@login_required
def me(request):
    memberships = roles.memberships(request.user)
    return render(request, "people/me.html", {"memberships": memberships})


@requires(roles.can_view_audit_log)
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.select_related("agency")
    if request.GET:
        entries = form.filter(entries)
    page = Paginator(entries, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "people/audit_log.html", {"form": form, "page": page, "query": query.urlencode()})
