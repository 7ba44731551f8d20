"""The questionnaire's questions as HTML. An unanswered question of the pack (every question and
demographic of a first page view) is the same for every respondent of a framework, tool and
language, so it is rendered once per process and reused: most of the page's cost was rendering
some 150 radio buttons, on every view."""
from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

_RENDERED: dict[tuple, str] = {}  # (framework, tool, language, UI language, field) → HTML; bounded by the packs


@register.simple_tag(takes_context=True)
def question(context, field) -> str:
    """One question's fieldset; from the cache when the form is unbound and the field is the pack's
    (the unit and service type fields name the agency's own units: never cached)."""
    form = field.form
    show_errors = context.get("show_errors", False)
    if form.is_bound or not field.name.startswith(("q_", "d_")):
        return render_to_string("surveys/_question.html", {"field": field, "show_errors": show_errors})
    key = (form.round.framework, form.tool, form.language, get_language(), field.name)
    if key not in _RENDERED:
        _RENDERED[key] = render_to_string("surveys/_question.html", {"field": field, "show_errors": False})
    return mark_safe(_RENDERED[key])  # noqa: S308 - rendered by the template above, escaped there
