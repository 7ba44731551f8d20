"""Editing agencies, their units and service types, and rounds (staff, in Django's admin)."""
from django.contrib import admin

from .models import Agency, AssessmentRound, ServiceType, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 1
    fields = ["order", "code", "name_th", "name_en", "name_zh", "name_my"]  # the EIT names units in zh and my too


class ServiceTypeInline(admin.TabularInline):
    model = ServiceType
    extra = 1
    fields = ["order", "code", "name_th", "name_en", "name_zh", "name_my"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "parent", "synthetic"]
    search_fields = ["code", "name_th", "name_en"]
    list_filter = ["synthetic", "parent"]
    inlines = [UnitInline, ServiceTypeInline]


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(admin.ModelAdmin):
    list_display = ["agency", "fiscal_year", "framework", "opens_at", "closes_at"]
    # the collection window is moved on the round's collection page, where it is audited
    # (survey results stay hidden until it closes: reports.suppression.withheld)
    readonly_fields = ["opens_at", "closes_at"]
    list_filter = ["fiscal_year", "framework"]
    search_fields = ["agency__code", "agency__name_th"]
    autocomplete_fields = ["agency"]
