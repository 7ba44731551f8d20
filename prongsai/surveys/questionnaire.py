"""The public questionnaire of one round and tool, as a Django form in the respondent's language.

Texts come from the framework pack (question texts, options, demographics, eligibility) and
from the agency (units, service types); the page chrome is translated with gettext. The
respondent's language is one of the pack's languages for the tool; Chinese is Django's
zh-hans catalogue.
"""
from __future__ import annotations

from functools import lru_cache

from django import forms
from django.utils import translation
from django.utils.translation import gettext as _

from prongsai.agencies.models import AssessmentRound, units_and_service_types
from prongsai.scoring import Pack, load_pack

from .intake import Answer

DJANGO_LANGUAGE = {"th": "th", "en": "en", "zh": "zh-hans", "my": "my"}
LANGUAGE_NAMES = {"th": "ไทย", "en": "English", "zh": "中文", "my": "မြန်မာ"}


def languages(rnd: AssessmentRound, tool: str) -> list[str]:
    return pack_languages(rnd.pack, tool)


def pack_languages(pack: Pack, tool: str) -> list[str]:
    return list(pack.languages.get(tool) or ["th"])


def pick_language(rnd: AssessmentRound, tool: str, wanted: str | None) -> str:
    options = languages(rnd, tool)
    return wanted if wanted in options else options[0]


def _name(obj, language: str) -> str:
    """A unit's or service type's name in the language; without one, Thai, and in Chinese or
    Burmese Thai with the English beside it (more may read one of them)."""
    own = getattr(obj, f"name_{language}", "")
    if own:
        return own
    if language in ("zh", "my") and obj.name_en:
        return f"{obj.name_th} ({obj.name_en})"
    return obj.name_th


def e3_lines(pack: Pack, language: str) -> dict[str, str]:
    """E3's text has one line per pack service type, in pack order: service type code → line."""
    if "E3" not in pack.question_codes("EIT"):
        return {}
    lines = pack.question("E3").text.get(language).splitlines()
    return {s.code: line for s, line in zip(pack.service_types, lines)}


WITHHELD = "withheld"  # the "Prefer not to say" answer of a demographic question


def _option_or_withheld(value: str) -> int | None:
    return None if value == WITHHELD else int(value)


@lru_cache(maxsize=64)
def _pack_fields(framework: str, tool: str, language: str) -> tuple[tuple[str, forms.Field], ...]:
    """The demographic and question fields of a pack's tool in a language, built once per
    process: shipped packs never change while it runs. Forms share these field objects and
    never change them (a bound form keeps its data and errors on itself, not on its fields).
    Their words are the questionnaire language's whatever language is active: they are cached by it."""
    pack = load_pack(framework)
    required = _please_answer(language)
    with translation.override(DJANGO_LANGUAGE[language]):
        prefer_not = _("Prefer not to say")
    radio = forms.RadioSelect
    fields = []
    # about the respondent: each may be withheld (in a small unit, age, gender and years of service
    # together can point to one person); a withheld answer is counted nowhere, as a blank cell of an
    # imported file is
    for d in pack.demographics.get(tool, []):
        fields.append((f"d_{d.code}", forms.TypedChoiceField(
            label=d.text.get(language), coerce=_option_or_withheld, widget=radio, required=False, empty_value=None,
            # its own value, not "": a radio of value "" is ticked on a fresh page, withholding by default
            choices=[*((n, o.get(language)) for n, o in enumerate(d.options, 1)), (WITHHELD, prefer_not)],
        )))
    lines = e3_lines(pack, language)
    for q in pack.questions:
        if q.tool != tool:
            continue
        label = q.text.get(language)
        field = forms.TypedChoiceField(
            label=f"{q.code}. {q.prompt.get(language) if q.prompt else label}", coerce=int, widget=radio,
            choices=[(n, o.get(language)) for n, o in enumerate(pack.scales[q.scale].options, 1)],
            error_messages={"required": required},
        )
        field.per_service = lines if (q.code == "E3" and lines) else None
        fields.append((f"q_{q.code}", field))
    return tuple(fields)


def warm(framework: str) -> None:
    """Build a pack's questionnaire fields for each tool and language before any respondent comes:
    a new worker's first questionnaires then do not pay for them (docs/scale.md)."""
    pack = load_pack(framework)
    for tool in {q.tool for q in pack.questions}:
        for language in pack_languages(pack, tool):
            _pack_fields(framework, tool, language)


@lru_cache(maxsize=1024)
def _choice_field(label: str, choices: tuple[tuple[str, str], ...], language: str) -> forms.ChoiceField:
    """A unit's or service type's question, built once per process for the same words (the agency's
    units as read on each request, in `language`): forms share it and never change it, as they share
    the pack's fields. Building it on each submission was a twentieth of the submission's CPU."""
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect,
                             error_messages={"required": _please_answer(language)})


def _please_answer(language: str) -> str:
    """A question left unanswered, said in the questionnaire's language (the cached fields are kept by
    it, whatever language their first caller had active)."""
    with translation.override(DJANGO_LANGUAGE[language]):
        return _("Please answer this question.")


class QuestionnaireForm(forms.Form):
    """Unit (and service type), demographics and questions; every one must be answered but the
    demographics, which may be withheld."""

    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, rnd: AssessmentRound, tool: str, language: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.round, self.tool, self.language = rnd, tool, language
        units, services = units_and_service_types(rnd.agency_id)
        self.fields["unit"] = _choice_field(
            _("Which unit of the agency do you work in?") if tool == "IIT" else _("Which unit of the agency did you deal with?"),
            tuple((u.code, _name(u, language)) for u in units), language)
        self.units = {u.code: u for u in units}
        self.service_types = {}
        if tool == "EIT":
            self.service_types = {s.code: s for s in services}
            self.fields["service_type"] = _choice_field(
                _("Which kind of service did you use?"), tuple((s.code, _name(s, language)) for s in services), language)
        self.fields.update(_pack_fields(rnd.framework, tool, language))
        self.demographic_codes = [d.code for d in rnd.pack.demographics.get(tool, [])]
        self.question_codes = [q.code for q in rnd.pack.questions if q.tool == tool]

    def sections(self) -> list[tuple[str, list, str]]:
        """The fields in the order the page shows them, grouped under headings, each with a line that
        leads into them (the questions' texts are the report's short labels: "โปร่งใส ตรวจสอบได้" needs
        to be asked about something, a Thai reviewer found)."""
        about = [self["unit"]] + ([self["service_type"]] if self.tool == "EIT" else [])
        stem = (_("About the agency you contacted: how far is each of the following true? For a question "
                  "answered yes or no: has it happened?") if self.tool == "EIT" else
                _("About your own agency: how far is each of the following true? For a question answered yes "
                  "or no: has it happened?"))
        return [
            (_("About your contact with the agency") if self.tool == "EIT" else _("About your work"), about, ""),
            (_("About you (each may be left as “Prefer not to say”)"), [self[f"d_{c}"] for c in self.demographic_codes], ""),
            (_("Questions"), [self[f"q_{c}"] for c in self.question_codes], stem),
        ]

    def missing(self) -> list:
        """The bound fields left unanswered, for the summary at the top of the page."""
        return [self[name] for name in self.errors if name in self.fields and name != "token"]

    def answer(self) -> Answer:
        data = self.cleaned_data
        return Answer(
            tool=self.tool,
            unit=self.units[data["unit"]],
            service_type=self.service_types.get(data.get("service_type")) if self.tool == "EIT" else None,
            language=self.language,
            answers={c: data[f"q_{c}"] for c in self.question_codes},
            demographics={c: data[f"d_{c}"] for c in self.demographic_codes if data.get(f"d_{c}") is not None},
        )
