"""Dates on the pages: Buddhist era in Thai (31 มี.ค. 2568), the usual date in English; Bangkok time."""
import datetime as dt

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language, gettext

from prongsai.agencies.models import Unit
from prongsai.measures.planning import all_units

from prongsai.measures.documents import thai_date

register = template.Library()


# Burmese months and digits: Django has no Burmese month names (it would fall back to Thai ones)
MY_MONTHS = ["ဇန်နဝါရီ", "ဖေဖော်ဝါရီ", "မတ်", "ဧပြီ", "မေ", "ဇွန်", "ဇူလိုင်", "ဩဂုတ်", "စက်တင်ဘာ", "အောက်တိုဘာ",
             "နိုဝင်ဘာ", "ဒီဇင်ဘာ"]
MY_DIGITS = str.maketrans("0123456789", "၀၁၂၃၄၅၆၇၈၉")


def _my_date(day: dt.date) -> str:
    """၂၀၂၅ ခုနှစ် ဇန်နဝါရီလ ၁၅ ရက်: the official Burmese style, Christian era, Myanmar digits."""
    return f"{day.year} ခုနှစ် {MY_MONTHS[day.month - 1]}လ {day.day} ရက်".translate(MY_DIGITS)


@register.filter
def be_date(value) -> str:
    """A day: 31 มี.ค. 2568 in Thai; 2025年3月31日 in Chinese; Burmese style; 31 Mar 2025 otherwise."""
    if not value:
        return "–"
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    language = get_language() or "th"
    if language.startswith("th"):
        return thai_date(value)
    if language.startswith("zh"):
        return date_format(value, "Y年n月j日")
    if language == "my":
        return _my_date(value)
    return date_format(value, "j M Y")


@register.filter
def be_datetime(value) -> str:
    """A moment in Bangkok time: its day as `be_date` writes it, then the clock (31 มี.ค. 2568 16:30 น.,
    2025年3月31日 16:30, Burmese with its digits, 31 Mar 2025 16:30)."""
    if not value:
        return "–"
    value = _local(value)
    language = get_language() or "th"
    clock = f"{value:%H:%M}"
    if language.startswith("th"):
        clock += " น."
    elif language == "my":
        clock = f"{clock} နာရီ".translate(MY_DIGITS)
    return f"{be_date(value)} {clock}"


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.simple_tag(takes_context=True)
def responsible(context, measure, plan) -> str:
    """A measure's responsible units on a page: every unit (ทุกฝ่าย) when they are all of the plan's
    agency's (`all_units`, as the documents decide it), else their names, – for none. The agency's
    units are counted once a page."""
    names = [u.name for u in measure.responsible_units.all()]
    if not names:
        return "–"
    agency = plan.agency_id
    key = ("units of", agency)
    if key not in context.render_context:
        context.render_context[key] = Unit.objects.filter(agency_id=agency).count()
    return gettext("every unit") if all_units(len(names), context.render_context[key]) else ", ".join(names)


@register.filter
def measure_note(rr, measure) -> str:
    """The director's note on a measure sent back with the round's report ("" for none)."""
    return rr.measure_note(measure.pk)
