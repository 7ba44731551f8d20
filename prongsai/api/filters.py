"""Query parameters of the list endpoints (described in English, as the whole OpenAPI document): validated by a serializer each, so a bad value gives
400 with the parameter's name ({"year": ["…"]}), and documented in the OpenAPI schema."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from prongsai.measures.models import MeasureProgress
from prongsai.oit.models import Status
from prongsai.scoring import BE_YEAR_MAX, BE_YEAR_MIN

YEAR_HELP = "Buddhist-era fiscal year, e.g. 2567"


class Year(serializers.IntegerField):
    def __init__(self, **kwargs):
        # (lazy, so said in each request's language; the numbers are BE_YEAR_MIN and BE_YEAR_MAX)
        wording = _("a Buddhist-era fiscal year from 2400 to 2800, e.g. 2568 (a Christian-era year such as 2025 is 543 less)")
        super().__init__(min_value=BE_YEAR_MIN, max_value=BE_YEAR_MAX, required=False, help_text=YEAR_HELP,
                         error_messages={"min_value": wording, "max_value": wording}, **kwargs)


MAX_ID = 2**63 - 1  # the largest id a database stores; larger ones would overflow SQLite


def id_field(help_text):
    return serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text=help_text)


def code_field(help_text):
    return serializers.CharField(required=False, max_length=64, help_text=help_text)


class Filter(serializers.Serializer):
    """A list's filters: `lookups` maps a parameter to the queryset lookup it filters."""

    lookups: dict[str, str] = {}

    def apply(self, queryset):
        for name, lookup in self.lookups.items():
            value = self.validated_data.get(name)
            if value not in (None, ""):
                queryset = queryset.filter(**{lookup: value})
        return queryset


class AgencyFilter(Filter):
    code = code_field("agency code")
    lookups = {"code": "code"}


class RoundFilter(Filter):
    agency = code_field("agency code")
    year = Year()
    lookups = {"agency": "agency__code", "year": "fiscal_year"}


class DisclosureFilter(Filter):
    agency = code_field("agency code")
    year = Year()
    round = id_field("round id")
    item = serializers.CharField(required=False, max_length=8, help_text="OIT item, e.g. O10")
    status = serializers.ChoiceField(required=False, choices=Status.choices)
    lookups = {"agency": "round__agency__code", "year": "round__fiscal_year", "round": "round_id", "item": "item",
               "status": "status"}


class PlanFilter(Filter):
    agency = code_field("agency code")
    year = Year()
    lookups = {"agency": "agency__code", "year": "fiscal_year"}


class MeasureFilter(Filter):
    agency = code_field("agency code")
    year = Year()
    plan = id_field("plan id")
    unit = code_field("responsible unit code")
    lookups = {"agency": "issue__plan__agency__code", "year": "issue__plan__fiscal_year", "plan": "issue__plan_id",
               "unit": "responsible_units__code"}


class ProgressFilter(Filter):
    agency = code_field("agency code")
    year = Year()
    plan = id_field("plan id")
    measure = id_field("measure id")
    reporting_round = serializers.CharField(required=False, max_length=32, help_text="reporting round code, e.g. 6m")
    status = serializers.ChoiceField(required=False, choices=MeasureProgress.STATUSES)
    lookups = {"agency": "measure__issue__plan__agency__code", "year": "measure__issue__plan__fiscal_year",
               "plan": "reporting_round__plan_id", "measure": "measure_id", "reporting_round": "reporting_round__code",
               "status": "status"}


class EvidenceFilter(Filter):
    progress = id_field("progress id")
    agency = code_field("agency code")
    year = Year()
    lookups = {"progress": "progress_id", "agency": "progress__measure__issue__plan__agency__code",
               "year": "progress__measure__issue__plan__fiscal_year"}
