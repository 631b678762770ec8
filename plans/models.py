"""The plan van aanpak: dated versions per client with goals, agreed actions and the trajectories
that serve the goals.

A plan starts as a concept and becomes `vastgesteld` with a date it takes effect (`valid_from`).
Versions are never overwritten: a new version is a new row that copies the goals and open
actions of the current one. The current plan on a day is the vastgesteld version with the latest
`valid_from` on or before that day (the highest version number on a tie).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from core.dates import validate_plausible_date
from core.withdrawal import Withdrawable, current_manager
from organisations.models import ScopedQuerySet

# Under this age on the plan's date the plan is an appendix to the benefit decision (art. 44a).
APPENDIX_AGE = 27


class PlanQuerySet(ScopedQuerySet):
    scope_path = "client__municipality"

    def established(self) -> PlanQuerySet:
        return self.filter(status=Plan.Status.ESTABLISHED)

    def in_force_on(self, day: date) -> PlanQuerySet:
        """Vastgesteld versions that had taken effect on `day`, the current one first per client."""
        return self.established().filter(valid_from__lte=day).order_by("-valid_from", "-version")

    def current_on(self, day: date) -> PlanQuerySet:
        """The current plan on `day` of each client in the queryset: at most one per client."""
        return (
            self.established()
            .filter(valid_from__lte=day)
            .order_by("client_id", "-valid_from", "-version")
            .distinct("client_id")
        )


class Plan(models.Model):
    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        ESTABLISHED = "vastgesteld", _("Vastgesteld")

    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("cliënt"),
        db_index=False,  # plan_version_unique starts with it
    )
    version = models.PositiveIntegerField(_("versie"), editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.CONCEPT)
    valid_from = models.DateField(
        _("geldig vanaf"), null=True, blank=True, validators=[validate_plausible_date]
    )
    agreed_by_client = models.BooleanField(_("cliënt akkoord"), default=False)
    agreed_on = models.DateField(
        _("akkoord op"), null=True, blank=True, validators=[validate_plausible_date]
    )
    is_decision_appendix = models.BooleanField(
        _("bijlage bij het besluit (art. 44a)"),
        default=False,
        editable=False,
        help_text=_("De cliënt was op de ingangsdatum jonger dan 27 jaar."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opgesteld door"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now, editable=False)
    established_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgesteld door"),
    )
    established_at = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan van aanpak")
        verbose_name_plural = _("plannen van aanpak")
        ordering = ["client", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "version"],
                name="plan_version_unique",
                violation_error_message=_(
                    "Deze versie van het plan bestaat al; open het plan opnieuw."
                ),
            ),
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(status="concept"),
                name="plan_one_concept",
                violation_error_message=_(
                    "Er is al een concept van het plan van aanpak; werk dat bij of stel het eerst vast."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="concept")
                | Q(
                    status="vastgesteld",
                    valid_from__isnull=False,
                    established_at__isnull=False,
                ),
                name="plan_established_has_date",
                violation_error_message=_("Een vastgesteld plan heeft een datum waarop het geldt."),
            ),
            models.CheckConstraint(
                condition=Q(agreed_by_client=False, agreed_on__isnull=True)
                | Q(agreed_by_client=True, agreed_on__isnull=False),
                name="plan_agreement_has_date",
                violation_error_message=_(
                    "Vul de datum van het akkoord in, of vink het akkoord uit."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["client", "status", "-valid_from"], name="plan_current_idx"),
        ]

    def __str__(self) -> str:
        return _("Plan van aanpak versie %(version)s") % {"version": self.version}

    @property
    def is_concept(self) -> bool:
        return self.status == self.Status.CONCEPT

    def appendix_on(self, day: date) -> bool:
        """Whether a plan taking effect on `day` is an appendix to the decision (art. 44a)."""
        return self.client.age_on(day) < APPENDIX_AGE


class GoalQuerySet(ScopedQuerySet):
    scope_path = "plan__client__municipality"


class Goal(Withdrawable):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("plan")
    )
    text = models.CharField(_("doel"), max_length=500)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    trajectories = models.ManyToManyField(
        "trajectories.Trajectory",
        blank=True,
        related_name="plan_goals",
        verbose_name=_("trajecten"),
        help_text=_("De trajecten van de cliënt die dit doel dienen."),
    )

    objects = current_manager(GoalQuerySet)
    all_objects = GoalQuerySet.as_manager()

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class ActionQuerySet(ScopedQuerySet):
    scope_path = "plan__client__municipality"

    def open(self) -> ActionQuerySet:
        return self.filter(done_on__isnull=True)


class Action(Withdrawable):
    class Owner(models.TextChoices):
        CLIENT = "client", _("Cliënt")
        CONSULENT = "consulent", _("Consulent")
        OTHER = "anders", _("Anders")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="actions", verbose_name=_("plan")
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("doel"),
    )
    description = models.CharField(_("afspraak"), max_length=500)
    owner = models.CharField(_("wie"), max_length=20, choices=Owner, default=Owner.CLIENT)
    owner_name = models.CharField(
        _("andere uitvoerder"), max_length=200, blank=True, help_text=_("Bij 'anders': wie.")
    )
    due_date = models.DateField(_("uiterlijk op"), validators=[validate_plausible_date])
    done_on = models.DateField(
        _("gedaan op"), null=True, blank=True, validators=[validate_plausible_date]
    )

    objects = current_manager(ActionQuerySet)
    all_objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(owner="anders") | ~Q(owner_name=""),
                name="action_other_owner_named",
                violation_error_message=_("Vul de naam van de andere uitvoerder in."),
            ),
            models.CheckConstraint(
                condition=~Q(description=""),
                name="action_description_not_empty",
                violation_error_message=_("Beschrijf de afspraak."),
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def owner_label(self) -> str:
        if self.owner == self.Owner.OTHER:
            return self.owner_name
        return str(self.get_owner_display())

    def is_overdue(self, today: date) -> bool:
        return self.done_on is None and self.due_date < today
