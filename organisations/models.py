from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
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

    # Part of the hash every session of this user carries: raising it (at logout) ends them all.
    session_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta(AbstractUser.Meta):
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def save(self, *args, **kwargs) -> None:
        if not self.is_active:
            # A deactivated user's sessions end, and stay ended if the account comes back.
            self.session_version += 1
        super().save(*args, **kwargs)

    def get_session_auth_hash(self) -> str:
        return salted_hmac(
            "opstap.User.get_session_auth_hash",
            f"{self.password}:{self.session_version}",
            algorithm="sha256",
        ).hexdigest()

    def get_session_auth_fallback_hash(self):
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield salted_hmac(
                "opstap.User.get_session_auth_hash",
                f"{self.password}:{self.session_version}",
                secret=fallback_secret,
                algorithm="sha256",
            ).hexdigest()

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


class CorrectionRule(models.Model):
    """Who may withdraw (intrekken) what on a client file, and for how long: data per
    organisation (issue 19). Without a row for a kind: the one who recorded it, within
    `DEFAULT_DAYS` days of recording it."""

    DEFAULT_DAYS = 30

    class Kind(models.TextChoices):
        CONTACT_NOTE = "contactmoment", _("Contactmoment")
        ONTHEFFING = "ontheffing", _("Ontheffing")
        ASSESSMENT = "beoordeling", _("Beoordeling (categorie)")
        LADDER_STEP = "trede", _("Trede participatieladder")
        GOAL = "doel", _("Doel in het plan van aanpak")
        ACTION = "actie", _("Actie in het plan van aanpak")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="correction_rules",
        verbose_name=_("organisatie"),
    )
    kind = models.CharField(_("soort vastlegging"), max_length=20, choices=Kind)
    own_only = models.BooleanField(
        _("alleen eigen vastleggingen"),
        default=True,
        help_text=_(
            "Aan: alleen wie het vastlegde mag het intrekken. Uit: elke consulent met toegang."
        ),
    )
    days = models.PositiveSmallIntegerField(
        _("binnen dagen"),
        null=True,
        blank=True,
        help_text=_("Hoeveel dagen na het vastleggen het nog mag; leeg: altijd."),
    )

    class Meta:
        verbose_name = _("correctieregel")
        verbose_name_plural = _("correctieregels")
        ordering = ["organisation", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"],
                name="correction_rule_unique",
                violation_error_message=_("Deze organisatie heeft al een regel voor deze soort."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.days or '∞'}"

    @classmethod
    def check_allowed(cls, *, kind: str, user, author_id, recorded_at) -> None:
        """Refuse (ValidationError, in Dutch) when the organisation's rule does not allow it."""
        rule = cls.objects.filter(organisation_id=user.organisation_id, kind=kind).first()
        own_only = True if rule is None else rule.own_only
        days = cls.DEFAULT_DAYS if rule is None else rule.days
        if own_only and author_id is not None and author_id != user.pk:
            raise ValidationError(_("Alleen wie dit vastlegde mag het intrekken."))
        if days is not None and recorded_at and (timezone.now() - recorded_at).days > days:
            raise ValidationError(
                _("Intrekken kan tot %(days)s dagen na het vastleggen.") % {"days": days}
            )


class VervangingQuerySet(models.QuerySet):
    def running_on(self, day) -> VervangingQuerySet:
        return self.filter(start__lte=day, end__gte=day)


class Vervanging(models.Model):
    """A named colleague looks after an absent consulent's caseload from one date up to and
    including another (issue 19); it ends by itself after `end`."""

    absent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="replaced_by",
        verbose_name=_("afwezige consulent"),
    )
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="replacing",
        verbose_name=_("vervanger"),
    )
    start = models.DateField(_("van"))
    end = models.DateField(_("tot en met"))
    note = models.TextField(_("toelichting"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    objects = VervangingQuerySet.as_manager()

    class Meta:
        verbose_name = _("vervanging")
        verbose_name_plural = _("vervangingen")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="vervanging_end_not_before_start",
                violation_error_message=_("De einddatum ligt vóór de begindatum."),
            ),
            models.CheckConstraint(
                condition=~models.Q(absent=models.F("substitute")),
                name="vervanging_not_oneself",
                violation_error_message=_("Iemand vervangt zichzelf niet."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.substitute} vervangt {self.absent} ({self.start:%d-%m-%Y} – {self.end:%d-%m-%Y})"
