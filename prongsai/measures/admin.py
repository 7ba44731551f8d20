from django.contrib import admin

from .models import Evidence, Measure, MeasureProgress, Plan, PlanIssue, ReportingRound, StandardMeasure


@admin.register(StandardMeasure)
class StandardMeasureAdmin(admin.ModelAdmin):
    list_display = ["target", "title_th", "framework", "edited_at"]
    list_filter = ["framework", "target"]
    search_fields = ["title_th", "activities_th"]


class PlanIssueInline(admin.TabularInline):
    model = PlanIssue
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["agency", "fiscal_year", "approved_by", "approved_at"]
    list_filter = ["fiscal_year"]
    inlines = [PlanIssueInline]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["issue", "deadline", "monitoring"]
    filter_horizontal = ["responsible_units"]


admin.site.register(ReportingRound)
admin.site.register(MeasureProgress)


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["progress", "kind", "caption", "content_type", "size", "created_at"]
    readonly_fields = ["file", "thumbnail", "content_type", "size"]

    def has_add_permission(self, request):
        return False  # uploads go through the progress page, which checks and cleans them
