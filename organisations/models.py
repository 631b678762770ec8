from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ScopedQuerySet(models.QuerySet):
    """The one scoping primitive: `Model.objects.for_user(user)`.

    A subclass names the path from its model to a Municipality in `scope_path`. A user sees only
    rows of municipalities they are scoped to, within their own organisation; an anonymous user
    or a user without municipalities sees nothing. The user's municipalities go in as a subquery,
    so scoping adds no query of its own.
    """

    scope_path = "municipality"

    def for_user(self, user) -> ScopedQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(**{f"{self.scope_path}__in": user.scoped_municipalities()})


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MunicipalityQuerySet(ScopedQuerySet):
    scope_path = "pk"


class Municipality(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("organisatie"),
    )
    name = models.CharField(_("naam"), max_length=200)
    cbs_code = models.CharField(
        _("CBS-gemeentecode"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("Een CBS-gemeentecode heeft vier cijfers."))],
        help_text=_("Vier cijfers, bijvoorbeeld 0629 voor Wassenaar."),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisatie"),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="users",
        verbose_name=_("gemeenten"),
        help_text=_("De gemeenten waarvan deze gebruiker gegevens mag zien."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def scoped_municipalities(self) -> models.QuerySet[Municipality]:
        """The municipalities this user may see, as a lazy queryset (usable as a subquery)."""
        return Municipality.objects.filter(users=self, organisation_id=self.organisation_id)

    def has_role(self, role: str) -> bool:
        cache = self.__dict__.setdefault("_role_cache", None)
        if cache is None:
            cache = set(self.groups.values_list("name", flat=True))
            self.__dict__["_role_cache"] = cache
        return role in cache

    def clean(self) -> None:
        super().clean()
        if self.pk and self.organisation_id:
            foreign = self.municipalities.exclude(organisation_id=self.organisation_id)
            if foreign.exists():
                raise ValidationError(
                    _("Een gebruiker kan alleen gemeenten van de eigen organisatie krijgen.")
                )
