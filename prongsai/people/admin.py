from django.contrib import admin

from .models import AuditEntry, Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "agency", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "agency__name_th", "agency__code"]
    filter_horizontal = ["assigned_agencies"]
    raw_id_fields = ["user", "agency", "unit"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["when", "who_name", "action", "object_type", "object_id", "agency"]
    list_filter = ["action", "object_type"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
