from django.contrib import admin

from surveillance.models import DigestSend


@admin.register(DigestSend)
class DigestSendAdmin(admin.ModelAdmin):
    """Read-only: which centre got the weekly digest, when, to how many clinicians."""

    list_display = ("centre", "week", "recipients", "sent_at")
    list_filter = ("week",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
