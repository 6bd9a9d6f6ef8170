from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from guidelines.models import ProliferationThreshold


@admin.register(ProliferationThreshold)
class ProliferationThresholdAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "updated_at", "updated_by")
    readonly_fields = ("updated_at", "updated_by")
    fields = ("ki67_max", "reason", "source", "updated_at", "updated_by")

    def has_add_permission(self, request):
        return False  # the one row is created by a migration; the administrator changes it

    def has_delete_permission(self, request, obj=None):
        return False  # the setting always exists once set; change it instead

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
