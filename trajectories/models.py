"""Trajectory types with effective-dated rules, providers, trajectories and premiums.

A type's rules (maximum duration, ages, categories, premium, capacity) are columns of
`TrajectoryRule`, valid from a date: the rule in force on a day is the one with the latest
`valid_from` on or before that day. A trajectory is judged by the rule in force on its start.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from core.dates import add_months, validate_plausible_date
from core.ranges import IdRange
from organisations.models import Municipality, ScopedQuerySet


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


class Status(models.TextChoices):
    REQUESTED = "aangevraagd", _("Aangevraagd")
    RUNNING = "lopend", _("Lopend")
    COMPLETED = "afgerond", _("Afgerond")
    ABORTED = "afgebroken", _("Afgebroken")


class Outcome(models.TextChoices):
    FULL_TIME = "werk_voltijd", _("Werk voltijd")
    PART_TIME = "werk_deeltijd", _("Werk deeltijd")
    FOLLOW_UP = "vervolgtraject", _("Vervolgtraject")
    EDUCATION = "opleiding", _("Opleiding")
    DROP_OUT = "uitval", _("Uitval")
    NO_RESULT = "geen_resultaat", _("Geen resultaat")


# The only moves a trajectory can make.
MOVES: dict[str, set[str]] = {
    Status.REQUESTED: {Status.RUNNING, Status.ABORTED},
    Status.RUNNING: {Status.COMPLETED, Status.ABORTED},
    Status.COMPLETED: set(),
    Status.ABORTED: set(),
}


class TrajectoryQuerySet(ScopedQuerySet):
    scope_path = "client__municipality"

    def running(self) -> TrajectoryQuerySet:
        return self.filter(status=Status.RUNNING)

    def for_list(self) -> TrajectoryQuerySet:
        return self.select_related("client", "type", "provider", "consulent", "municipality")


class Trajectory(models.Model):
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="trajectories", verbose_name=_("cliënt")
    )
    type = models.ForeignKey(
        TrajectoryType, on_delete=models.PROTECT, related_name="+", verbose_name=_("soort")
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="trajectories", verbose_name=_("aanbieder")
    )
    consulent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trajectories",
        verbose_name=_("consulent"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ten laste van gemeente"),
    )
    planned_start = models.DateField(_("geplande start"), validators=[validate_plausible_date])
    planned_end = models.DateField(_("gepland einde"), validators=[validate_plausible_date])
    actual_start = models.DateField(_("werkelijke start"), null=True, blank=True)
    actual_end = models.DateField(_("werkelijk einde"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.REQUESTED)
    outcome = models.CharField(_("resultaat"), max_length=20, choices=Outcome, blank=True)
    extensions = models.PositiveSmallIntegerField(_("verlengingen"), default=0)
    cost = models.DecimalField(
        _("kosten (euro)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    budget_line = models.ForeignKey(
        "budgets.BudgetLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajectories",
        verbose_name=_("ten laste van begrotingsregel"),
    )
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now, editable=False)

    objects = TrajectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["-planned_start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")),
                name="trajectory_planned_end_not_before_start",
                violation_error_message=_("Het geplande einde ligt vóór de geplande start."),
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True) | Q(actual_end__gte=F("actual_start")),
                name="trajectory_end_not_before_start",
                violation_error_message=_("De einddatum ligt vóór de startdatum."),
            ),
            models.CheckConstraint(
                condition=Q(cost__gte=0),
                name="trajectory_cost_not_negative",
                violation_error_message=_("De kosten kunnen niet negatief zijn."),
            ),
            # Which dates and outcome each status has: the lifecycle in the database.
            models.CheckConstraint(
                condition=Q(
                    status=Status.REQUESTED,
                    actual_start__isnull=True,
                    actual_end__isnull=True,
                    outcome="",
                )
                | Q(status=Status.RUNNING, actual_start__isnull=False, actual_end__isnull=True)
                & Q(outcome="")
                | Q(status=Status.COMPLETED, actual_end__isnull=False) & ~Q(outcome="")
                | Q(
                    status=Status.ABORTED,
                    actual_start__isnull=True,
                    actual_end__isnull=True,
                    outcome="",
                )
                | Q(status=Status.ABORTED, actual_end__isnull=False) & ~Q(outcome=""),
                name="trajectory_status_dates",
                violation_error_message=_(
                    "De data en het resultaat passen niet bij de status van het traject; open het traject opnieuw."
                ),
            ),
            ExclusionConstraint(
                name="trajectory_one_running_per_type",
                violation_error_message=_(
                    "Deze cliënt heeft al een lopend traject van deze soort."
                ),
                expressions=[
                    (IdRange("client"), RangeOperators.EQUAL),
                    (IdRange("type"), RangeOperators.EQUAL),
                ],
                condition=Q(status=Status.RUNNING),
            ),
        ]
        indexes = [
            models.Index(
                fields=["provider", "status", "-planned_start", "-id"], name="traj_provider_idx"
            ),
            models.Index(
                fields=["provider", "-planned_start", "-id"], name="traj_provider_all_idx"
            ),
            models.Index(fields=["consulent", "status"], name="traj_consulent_idx"),
            models.Index(fields=["type", "municipality", "actual_start"], name="traj_capacity_idx"),
            models.Index(fields=["client", "-planned_start"], name="traj_client_idx"),
            # Monthly reports read a municipality's trajectories running on or ended after a day.
            models.Index(fields=["municipality", "actual_end"], name="traj_report_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.planned_start:%d-%m-%Y}"

    @property
    def start(self) -> date:
        return self.actual_start or self.planned_start

    @property
    def end(self) -> date:
        return self.actual_end or self.planned_end

    def can_move_to(self, status: str) -> bool:
        return status in MOVES[self.status]

    @property
    def is_running(self) -> bool:
        return self.status == Status.RUNNING


class PremiumPaymentQuerySet(ScopedQuerySet):
    scope_path = "trajectory__client__municipality"


class PremiumPayment(models.Model):
    class PaymentStatus(models.TextChoices):
        DUE = "verschuldigd", _("Verschuldigd")
        PAID = "betaald", _("Betaald")

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.PROTECT, related_name="premiums", verbose_name=_("traject")
    )
    due_date = models.DateField(_("verschuldigd op"))
    amount = models.DecimalField(_("bedrag (euro)"), max_digits=10, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=20, choices=PaymentStatus, default=PaymentStatus.DUE
    )
    paid_on = models.DateField(_("betaald op"), null=True, blank=True)

    objects = PremiumPaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("premie")
        verbose_name_plural = _("premies")
        ordering = ["due_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "due_date"],
                name="premium_one_per_due_date",
                violation_error_message=_("Er is al een premie op deze vervaldatum."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="premium_amount_positive",
                violation_error_message=_("Het bedrag van een premie moet groter zijn dan nul."),
            ),
            models.CheckConstraint(
                condition=Q(status="verschuldigd", paid_on__isnull=True)
                | Q(status="betaald", paid_on__isnull=False, paid_on__gte=F("due_date")),
                name="premium_paid_has_date",
                violation_error_message=_(
                    "Een betaalde premie heeft een betaaldatum, niet vóór de vervaldatum."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"€ {self.amount} per {self.due_date:%d-%m-%Y}"

    @property
    def is_paid(self) -> bool:
        return self.status == self.PaymentStatus.PAID
