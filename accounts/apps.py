from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Comptes et centres"

    def ready(self) -> None:
        from accounts.roles import sync_role_permissions

        # Permissions of later apps exist only after their migrations: re-sync after each migrate.
        post_migrate.connect(sync_role_permissions, dispatch_uid="accounts.sync_roles")
