"""Template helpers: pick a pack text in the active language, format scores."""
from decimal import Decimal
from fractions import Fraction

from django import template
from django.utils.translation import get_language, gettext, gettext_noop, pgettext_lazy

from prongsai.reports.scores import still_to_assess
from prongsai.scoring import round2
from prongsai.surveys.questionnaire import LANGUAGE_NAMES as QUESTIONNAIRE_LANGUAGES

register = template.Library()


@register.filter
def tr(text) -> str:
    """A pack Text in the active language (Thai when there is no translation)."""
    if text is None:
        return ""
    return text.get(get_language() or "th")


@register.filter
def score(value) -> str:
    """A score to 2 decimals, half-up; '–' when there is none."""
    if value is None:
        return "–"
    if isinstance(value, Fraction):
        value = round2(value)
    return f"{Decimal(value):.2f}"


@register.filter
def bar(value) -> str:
    """A bar width in percent for CSS (0–100), from a score."""
    try:
        number = float(value)
    except (TypeError, ValueError):  # no score ("–")
        return "0"
    return f"{max(0, min(100, number)):.2f}"


@register.filter
def below(value, threshold) -> bool:
    """True when a score exists and is below the threshold (weak items are flagged)."""
    return value is not None and round2(Fraction(value)) < Decimal(str(threshold))


NOTICES = {
    "published_differs": gettext_noop(
        "%(question)s: the option counts give %(counts_score)s but the published score is %(published)s; "
        "the published score is used"
    ),
    "tool_incomplete": gettext_noop("%(tool)s: no score for %(questions)s, so no %(tool)s score"),
    "oit_missing": gettext_noop("OIT: no verdict for %(items)s; scored 0"),
}


@register.filter
def notice(warning) -> str:
    """An engine warning in the active language."""
    template_ = NOTICES.get(getattr(warning, "kind", None))
    return gettext(template_) % warning.params if template_ else str(warning)


@register.inclusion_tag("reports/_provisional.html")
def provisional(breakdown, detail=False):
    """A "provisional" tag beside an ITA and level that are not final yet because OIT items have
    no verdict (the engine scores them 0 until they are assessed); its title, or with `detail` a
    note beside it, says which items."""
    return {"reasons": [notice(w) for w in still_to_assess(breakdown)], "detail": detail}


@register.filter
def split(value: str) -> list[str]:
    return value.split()


# a respondent's language named in the page's language, for the staff tables (the poster and the
# questionnaire name each language in its own: own_language_name)
LANGUAGE_NAMES = {"th": pgettext_lazy("language", "Thai"), "en": pgettext_lazy("language", "English"),
                  "zh": pgettext_lazy("language", "Chinese"), "my": pgettext_lazy("language", "Burmese"), "?": "–"}


@register.filter
def first_line(text: str) -> str:
    """A text's first line: a measure's title, without its steps run on after it."""
    return (text or "").strip().split("\n", 1)[0].strip()


@register.filter
def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


@register.filter
def own_language_name(code: str) -> str:
    """A language in its own name (ไทย, English, 中文, မြန်မာ), as the public sees it offered."""
    return QUESTIONNAIRE_LANGUAGES.get(code, code)


@register.filter
def and_list(items) -> str:
    """A list in a sentence of the active language: "2570 และ 2571", "ผลผลิต และวิธีการสร้างการรับรู้"
    in Thai (no space after และ before a Thai word); "2570, 2571" otherwise, and in the commands, which
    speak English (translations deactivated: no language)."""
    items = [str(i) for i in items]
    if len(items) < 2 or not (get_language() or "en").startswith("th"):
        return ", ".join(items)
    last = items[-1]
    return " ".join(items[:-1]) + " และ" + ("" if "\u0e00" <= last[:1] <= "\u0e7f" else " ") + last


@register.simple_tag
def cell(row: dict, key: str):
    """One cell of a report table row: '–*' when suppressed, a count or a score."""
    from django.utils.safestring import mark_safe

    if key in row.get("suppressed", ()):
        return mark_safe('<span class="suppressed">–*</span>')
    value = row.get(key)
    if key.endswith("_n"):
        return "–" if value is None else str(value)
    return score(value)
