from django import forms
from django.db.models import Q
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency
from prongsai.documents.thai import sort_key

from . import throttle
from .audit import record_kind
from .models import AuditEntry


def behind_lockout(username: str, address: str, check, locked_message):
    """`check()` (a form's password check) behind the lockout: refused while the name and address are
    locked out; a failure counted, a success clearing the count."""
    if throttle.is_locked(username, address):
        raise forms.ValidationError(locked_message, code="locked", params={"minutes": max(1, throttle.lockout_seconds() // 60)})
    try:
        result = check()
    except forms.ValidationError:
        throttle.failed(username, address)
        raise
    throttle.succeeded(username, address)
    return result


class Throttled:
    """A login form behind a lockout (mixed into Django's forms). Errors never tell whether the
    account exists."""

    locked_message = _("Too many failed attempts. Try again in %(minutes)s minutes.")

    def clean(self):
        return behind_lockout(self.cleaned_data.get("username") or "", throttle.client_address(self.request),
                              super().clean, self.locked_message)


class ThrottledLoginForm(Throttled, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username or password is not correct. Both are case-sensitive."),
    }


class ThrottledAdminLoginForm(Throttled, AdminAuthenticationForm):
    """The admin site's login, behind the same lockout (set in PeopleConfig.ready)."""


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Changing one's password asks the old one: behind the login's lockout, counted with it (a
    reviewer: a session left open on a shared computer allowed guesses without end)."""

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):  # (the lockout said of passwords: no one was logging in here)
        return behind_lockout(self.user.get_username(), throttle.client_address(self.request), super().clean_old_password,
                              _("Too many wrong passwords. Try again in %(minutes)s minutes."))


class AuditFilterForm(forms.Form):
    agency = forms.ModelChoiceField(Agency.objects.all(), required=False, label=_("Agency"), empty_label=_("All agencies"))
    action = forms.ChoiceField(choices=[("", _("All actions"))] + AuditEntry.ACTIONS, required=False, label=_("Action"))
    object_type = forms.ChoiceField(required=False, label=_("Object type"))
    who = forms.CharField(required=False, max_length=150, label=_("User"),
                          widget=forms.TextInput(attrs={"placeholder": _("a username, or part of a name")}))
    since = forms.DateField(required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = AuditEntry.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
        kinds = sorted(((capfirst(record_kind(t)), t) for t in types), key=lambda kind: sort_key(kind[0]))
        self.fields["object_type"].choices = [("", _("All types"))] + [(t, name) for name, t in kinds]

    def filter(self, entries):
        if not self.is_valid():
            return entries.none()
        data = self.cleaned_data
        if data["agency"]:
            entries = entries.filter(agency=data["agency"])
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["object_type"]:
            entries = entries.filter(object_type=data["object_type"])
        if data["who"]:  # the username, or the name the log shows (or part of it: every word found)
            who = data["who"].strip()
            by_name = Q()
            for word in who.split():
                by_name &= Q(who__first_name__icontains=word) | Q(who__last_name__icontains=word)
            system = {"system", "ระบบ", str(_("the system (a command or import)")).casefold(), "the system (a command or import)"}
            if who.casefold() in system:  # what the log calls the system finds it (the word, not any fragment of it)
                by_name |= Q(who__isnull=True, who_name="")
            entries = entries.filter(Q(who_name__iexact=who) | by_name)
        if data["since"]:
            entries = entries.filter(when__date__gte=data["since"])
        if data["until"]:
            entries = entries.filter(when__date__lte=data["until"])
        return entries


class NameForm(forms.ModelForm):
    """The user's own name, as official documents print it under a signature."""

    class Meta:
        from django.contrib.auth import get_user_model

        model = get_user_model()
        fields = ["first_name", "last_name", "email"]
        labels = {"first_name": _("First name (with title)"), "last_name": _("Last name"), "email": _("E-mail")}
        help_texts = {"first_name": _("As documents print it under your signature, e.g. นายสมชาย — then ใจดี."),
                      "email": _("Optional: your coordinator's reminders to report are written to it (the round's page).")}
