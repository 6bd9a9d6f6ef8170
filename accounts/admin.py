from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.forms import AdminLoginForm
from accounts.models import Centre, User

# The admin's login refuses over-long identifiers too (see accounts/forms.py).
admin.site.login_form = AdminLoginForm


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "region")
    list_filter = ("region",)
    search_fields = ("name", "city")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "last_name", "first_name", "centre", "is_active", "is_staff")
    list_filter = ("centre", "groups", "is_active", "is_staff")
    list_select_related = ("centre",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Centre et spécialité"), {"fields": ("centre", "specialty")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Centre et rôle"), {"fields": ("centre", "specialty", "groups")}),
    )

    def get_readonly_fields(self, request, obj=None):
        # Roles are groups: an administrator assigns them, but cannot grant what no role has.
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly
