"""A client's trajectory and its lifecycle."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from core.dates import validate_plausible_date
from organisations.models import Municipality, ScopedQuerySet
from trajectories.models.types import Provider, TrajectoryType


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
        Client,
        on_delete=models.PROTECT,
        related_name="trajectories",
        verbose_name=_("cliënt"),
        db_index=False,  # traj_client_idx starts with it
    )
    type = models.ForeignKey(
        TrajectoryType,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("soort"),
        db_index=False,  # traj_capacity_idx starts with it
    )
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        related_name="trajectories",
        verbose_name=_("aanbieder"),
        db_index=False,  # traj_provider_all_idx starts with it
    )
    consulent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trajectories",
        verbose_name=_("consulent"),
        db_index=False,  # traj_consulent_idx starts with it
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ten laste van gemeente"),
        db_index=False,  # traj_report_idx starts with it
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
            # A unique B-tree index where it was a GiST exclusion of two "=": the same rule,
            # at a third of the cost per row (docs/performance.md, issue 22).
            models.UniqueConstraint(
                fields=["client", "type"],
                condition=Q(status=Status.RUNNING),
                name="trajectory_one_running_per_type",
                violation_error_message=_(
                    "Deze cliënt heeft al een lopend traject van deze soort."
                ),
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
