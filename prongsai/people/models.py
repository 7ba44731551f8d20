"""People: which agency a user works for and in what role; the audit log."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency, Unit

from .roles import AGENCY_ROLES, ROLE_CHOICES, UNIT_STAFF


class Membership(models.Model):
    """One role of one user: in an agency (coordinator, unit staff with their unit, director),
    city-wide (central office, auditor), or over assigned agencies (OIT assessor)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=ROLE_CHOICES)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships",
                               verbose_name=_("agency"))
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name=_("unit"), help_text=_("Unit staff only: the unit whose measures they record"))
    assigned_agencies = models.ManyToManyField(Agency, blank=True, related_name="assessors",
                                               verbose_name=_("assigned agencies"),
                                               help_text=_("OIT assessors only: the agencies they give verdicts for"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        where = self.unit or self.agency
        return f"{self.user} · {self.get_role_display()}" + (f" · {where}" if where else "")

    def clean(self):
        if self.role in AGENCY_ROLES and not self.agency_id:
            raise ValidationError({"agency": _("This role belongs to one agency: choose it.")})
        if self.role not in AGENCY_ROLES and self.agency_id:
            raise ValidationError({"agency": _("This role is city-wide: leave the agency empty.")})
        if self.role == UNIT_STAFF and not self.unit_id:
            raise ValidationError({"unit": _("Unit staff need their unit.")})
        if self.role != UNIT_STAFF and self.unit_id:
            raise ValidationError({"unit": _("Only unit staff have a unit.")})
        if self.unit_id and self.agency_id and self.unit.agency_id != self.agency_id:
            raise ValidationError({"unit": _("The unit must belong to the agency.")})


class AuditEntry(models.Model):
    """One create, update or delete of a score, verdict, plan, result or evidence: who, when,
    what, and the object's fields before and after. Written by `prongsai.people.audit.record`."""

    CREATE, UPDATE, DELETE = "create", "update", "delete"
    ACTIONS = [(CREATE, _("created")), (UPDATE, _("updated")), (DELETE, _("deleted"))]

    who = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="audit_entries")
    who_name = models.CharField(max_length=150, blank=True, help_text="the username at the time (kept if the user goes)")
    when = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=6, choices=ACTIONS)
    object_type = models.CharField(max_length=100, db_index=True, help_text="app_label.model")
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=255, blank=True)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries")
    before = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["-when", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["agency", "-when"])]

    def __str__(self) -> str:
        return f"{self.when:%Y-%m-%d %H:%M} {self.who_name} {self.action} {self.object_type} {self.object_id}"

    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field that differs, in field order."""
        before, after = self.before or {}, self.after or {}
        keys = list(before) + [k for k in after if k not in before]
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
