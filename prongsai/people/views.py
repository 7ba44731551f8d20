from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import audit, roles
from .access import requires
from .forms import AuditFilterForm, NameForm, ThrottledLoginForm, ThrottledPasswordChangeForm
from .models import AuditEntry


class LoginView(auth_views.LoginView):
    template_name = "people/login.html"
    authentication_form = ThrottledLoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "session_hours": settings.SESSION_COOKIE_AGE // 3600}

    def get_default_redirect_url(self):
        """The central office and auditors land on the city's table, where their work starts; a tester's
        central office landed on six pages of single rounds. Anyone with an agency role: the home page."""
        from django.urls import reverse

        user = self.request.user
        if (roles.is_central(user) or roles.is_auditor(user)) and not any(m.agency_id for m in roles.memberships(user)):
            return reverse("central:home")
        return super().get_default_redirect_url()


class LogoutView(auth_views.LogoutView):
    template_name = "people/logged_out.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    """A person changes their own password (an account made with `prongsai create-user` starts with one
    printed for the administrator); audited without any of it; the session stays signed in."""

    template_name = "people/password.html"
    form_class = ThrottledPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def get_success_url(self):
        from django.urls import reverse

        return reverse("people:me")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(self.request.user, audit.UPDATE, self.request.user, {"password": "…"}, {"password": _("changed")})
        messages.success(self.request, _("Your password is changed."))
        return response


@login_required
def me(request):
    form = NameForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        before = audit.snapshot(get_user_model().objects.get(pk=request.user.pk))  # the form has set the new values
        form.save()
        audit.record(request.user, audit.UPDATE, request.user,
                     {f: before[f] for f in form.fields}, {f: getattr(request.user, f) for f in form.fields})
        messages.success(request, _("Your name and e-mail are saved."))
        return redirect("people:me")
    memberships = roles.memberships(request.user)
    return render(request, "people/me.html", {"memberships": memberships, "form": form})


@requires(roles.can_view_audit_log)
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.select_related("agency")
    if request.GET:
        entries = form.filter(entries)
    page = Paginator(entries.select_related("who"), 25).get_page(request.GET.get("page"))
    changes = audit.readable_changes(page.object_list)
    rows = [(e, changes[e.pk]) for e in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "people/audit_log.html", {"form": form, "page": page, "rows": rows, "query": query.urlencode()})
