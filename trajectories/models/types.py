"""Trajectory types with effective-dated rules, and providers.

A type's rules (maximum duration, ages, categories, premium, capacity) are columns of
`TrajectoryRule`, valid from a date: the rule in force on a day is the one with the latest
`valid_from` on or before that day. A trajectory is judged by the rule in force on its start.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.dates import add_months, validate_plausible_date


class Direction(models.TextChoices):
    WORK = "werk", _("Werk")
    SOCIAL = "sociale_participatie", _("Sociale participatie")


class TrajectoryType(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("soort traject")
        verbose_name_plural = _("soorten trajecten")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def rule_on(self, day: date) -> TrajectoryRule | None:
        """The rule in force on `day`. Uses prefetched `rules` when they are there."""
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "rules" in cache:
            rules = [rule for rule in cache["rules"] if rule.valid_from <= day]
            return max(rules, key=lambda rule: rule.valid_from, default=None)
        return self.rules.filter(valid_from__lte=day).order_by("-valid_from").first()


class TrajectoryRule(models.Model):
    """The rules of a type from `valid_from` until the next rule of the same type."""

    type = models.ForeignKey(
        TrajectoryType, on_delete=models.CASCADE, related_name="rules", verbose_name=_("soort")
    )
    valid_from = models.DateField(_("geldig vanaf"), validators=[validate_plausible_date])
    direction = models.CharField(_("richting"), max_length=30, choices=Direction)
    max_duration_months = models.PositiveSmallIntegerField(
        _("maximale duur (maanden)"), null=True, blank=True, help_text=_("Leeg: geen maximum.")
    )
    extension_months = models.PositiveSmallIntegerField(_("verlenging (maanden)"), default=0)
    max_extensions = models.PositiveSmallIntegerField(_("aantal verlengingen"), default=0)
    min_age = models.PositiveSmallIntegerField(
        _("vanaf leeftijd"),
        null=True,
        blank=True,
        help_text=_("Op de startdatum minstens zo oud. Leeg: geen ondergrens."),
    )
    max_age = models.PositiveSmallIntegerField(
        _("tot leeftijd"),
        null=True,
        blank=True,
        help_text=_("Op de startdatum jonger dan deze leeftijd. Leeg: geen bovengrens."),
    )
    allowed_categories = models.ManyToManyField(
        "categorisation.Category",
        blank=True,
        related_name="+",
        verbose_name=_("toegestane categorieën"),
        help_text=_("Leeg: elke categorie. Vergeleken op code, ook bij een eigen schema."),
    )
    premium_amount = models.DecimalField(
        _("premie (euro)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    premium_interval_months = models.PositiveSmallIntegerField(
        _("premie per (maanden)"),
        null=True,
        blank=True,
        help_text=_("Een premie per voltooide periode van zoveel maanden."),
    )
    yearly_capacity = models.PositiveIntegerField(
        _("plaatsen per gemeente per jaar"), null=True, blank=True, help_text=_("Leeg: onbeperkt.")
    )
    evaluation_months = models.PositiveSmallIntegerField(
        _("evaluatie na (maanden)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("regel soort traject")
        verbose_name_plural = _("regels soorten trajecten")
        ordering = ["type", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["type", "valid_from"],
                name="rule_type_from_unique",
                violation_error_message=_(
                    "Er is al een regel voor deze soort met deze ingangsdatum."
                ),
            ),
            models.CheckConstraint(
                condition=Q(premium_amount__isnull=True, premium_interval_months__isnull=True)
                | Q(premium_amount__gt=0, premium_interval_months__gt=0),
                name="rule_premium_amount_and_interval",
                violation_error_message=_(
                    "Vul bij een premie zowel het bedrag als het aantal maanden ertussen in, of geen van beide."
                ),
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(max_age__gt=F("min_age")),
                name="rule_age_range",
                violation_error_message=_(
                    "De maximumleeftijd moet hoger zijn dan de minimumleeftijd."
                ),
            ),
            models.CheckConstraint(
                condition=Q(max_duration_months__isnull=False) | Q(max_extensions=0),
                name="rule_extensions_need_maximum",
                violation_error_message=_("Verlengingen kunnen alleen bij een maximale duur."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} vanaf {self.valid_from:%d-%m-%Y}"

    def max_months(self, extensions: int) -> int | None:
        """The longest allowed running time with `extensions` extensions, in months."""
        if self.max_duration_months is None:
            return None
        return self.max_duration_months + min(extensions, self.max_extensions) * (
            self.extension_months
        )

    def latest_end(self, start: date, extensions: int) -> date | None:
        """The last allowed day (inclusive) for a trajectory starting on `start`."""
        months = self.max_months(extensions)
        return None if months is None else add_months(start, months) - timedelta(days=1)

    def age_allowed(self, age: int) -> bool:
        return (self.min_age is None or age >= self.min_age) and (
            self.max_age is None or age < self.max_age
        )


class Provider(models.Model):
    class Kind(models.TextChoices):
        INTERNAL = "intern", _("Intern")
        EXTERNAL = "extern", _("Extern")

    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind)
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("aanbieder")
        verbose_name_plural = _("aanbieders")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
