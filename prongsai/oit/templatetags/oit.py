"""History labels: field names and status values of a disclosure event, in the active language."""
from django import template
from django.utils.translation import gettext_lazy as _

from prongsai.oit.models import Status

register = template.Library()

FIELDS = {
    "urls": _("Links"), "note": _("Note"), "unit": _("Responsible unit"),
    "responsible_person": _("Responsible person"), "due_date": _("Due date"), "status": _("Status"),
    "score": _("score"), "comment": _("Comment"), "file": _("Files"), "attachment": "#", "size": _("Size"),
}


@register.filter
def field_label(name: str) -> str:
    return FIELDS.get(name, name)


@register.filter
def field_value(value, name: str):
    if value is None or value == "" or value == []:
        return "–"
    if name == "status" and value in Status.values:
        return Status(value).label
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return value
