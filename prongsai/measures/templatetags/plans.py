"""Dates on the pages: Buddhist era in Thai (31 มี.ค. 2568), the usual date in English; Bangkok time."""
import datetime as dt

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language

from prongsai.measures.documents import thai_date

register = template.Library()


@register.filter
def be_date(value) -> str:
    if not value:
        return "–"
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    if (get_language() or "th").startswith("th"):
        return thai_date(value)
    return date_format(value, "j M Y")


@register.filter
def be_datetime(value) -> str:
    """A moment in Bangkok time: 31 มี.ค. 2568 16:30 น. / 31 Mar 2025 16:30."""
    if not value:
        return "–"
    value = _local(value)
    if (get_language() or "th").startswith("th"):
        return f"{thai_date(value.date())} {value:%H:%M} น."
    return date_format(value, "j M Y H:i")


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value
