"""Dates on the planning pages: Buddhist era in Thai (31 มี.ค. 2568), the usual date in English."""
from django import template
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language

from prongsai.measures.documents import thai_date

register = template.Library()


@register.filter
def be_date(value) -> str:
    if not value:
        return "–"
    if hasattr(value, "date") and callable(value.date):
        value = value.date()
    if (get_language() or "th").startswith("th"):
        return thai_date(value)
    return date_format(value, "j M Y")
