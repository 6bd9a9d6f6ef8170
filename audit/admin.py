from django.contrib import admin

from audit.models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the app, never edited."""

    list_display = (
        "at",
        "username",
        "origin",
        "action",
        "case_id",
        "session_id",
        "job_id",
        "ip_address",
    )
    list_filter = ("action", "origin", "at")
    search_fields = ("username", "case_id", "ip_address")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
