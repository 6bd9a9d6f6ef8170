from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Centre(models.Model):
    """A hospital or RENATEN centre; every case and user belongs to one."""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    city = models.CharField(_("ville"), max_length=100, blank=True)
    region = models.CharField(_("région"), max_length=100)
    finess = models.CharField(
        _("FINESS"), max_length=9, blank=True, help_text=_("Identifiant FINESS (9 caractères)")
    )

    class Meta:
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    centre = models.ForeignKey(
        Centre,
        verbose_name=_("centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    specialty = models.CharField(_("spécialité"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")

    def has_perm(self, perm, obj=None) -> bool:
        # Django gives a superuser every permission. Here a superuser is an administrator: every
        # permission of the administration, none of those that open patient records (a
        # superuser given a centre must not read its cases), as role_of() has always said.
        from accounts.roles import withheld_from_superusers

        if self.is_active and self.is_superuser and withheld_from_superusers(perm):
            return False
        return super().has_perm(perm, obj)

    @property
    def role(self) -> str | None:
        from accounts.roles import role_of

        return role_of(self)
