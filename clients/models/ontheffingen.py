"""Exemptions from the work obligations (art. 9 and 9a Participatiewet)."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.models.client import Client, Household
from core.dates import add_years, validate_plausible_date
from core.formatting import day
from core.ranges import DayBox
from core.withdrawal import Withdrawable, current_manager
from organisations.models import ScopedQuerySet


class OntheffingReason(models.TextChoices):
    URGENT = "art9_lid2", _("Dringende redenen, waaronder zorgtaken (art. 9 lid 2)")
    SINGLE_PARENT = "art9a", _("Alleenstaande ouder met kind jonger dan 5 (art. 9a)")
    MEDICAL = "medisch", _("Medische redenen of chronische ziekte")


ART_9A_MAX_YEARS = 5
ART_9A_CHILD_AGE = 5


class OntheffingQuerySet(ScopedQuerySet):
    scope_path = "client__municipality"

    def running_on(self, on: date) -> OntheffingQuerySet:
        return self.filter(Q(end__isnull=True) | Q(end__gte=on), start__lte=on)


class Ontheffing(Withdrawable):
    """Exemption from the work obligations (art. 9 and 9a Participatiewet)."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="ontheffingen", verbose_name=_("cliënt")
    )
    reason = models.CharField(_("grond"), max_length=20, choices=OntheffingReason)
    start = models.DateField(_("ingangsdatum"), validators=[validate_plausible_date])
    end = models.DateField(
        _("einddatum"), null=True, blank=True, validators=[validate_plausible_date]
    )
    remark = models.CharField(_("toelichting"), max_length=500, blank=True)

    objects = current_manager(OntheffingQuerySet)
    all_objects = OntheffingQuerySet.as_manager()

    class Meta:
        verbose_name = _("ontheffing")
        verbose_name_plural = _("ontheffingen")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="ontheffing_end_not_before_start",
                violation_error_message=_("De einddatum ligt vóór de ingangsdatum."),
            ),
            ExclusionConstraint(
                name="ontheffing_no_overlap",
                violation_error_message=_(
                    "Deze periode overlapt met een andere ontheffing van deze cliënt."
                ),
                expressions=[
                    (
                        DayBox("client", "start", "end", end_inclusive=True),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                condition=Q(withdrawn_at__isnull=True),  # a withdrawn one no longer counts
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} vanaf {day(self.start)}"

    def check_art_9a(self) -> None:
        """Art. 9a: a single parent with a child under 5, until the child turns 5, at most 5 years."""
        client, start, end = self.client, self.start, self.end
        if client.household != Household.SINGLE_PARENT:
            raise ValidationError(
                _(
                    "Een ontheffing op grond van art. 9a is alleen mogelijk voor een "
                    "alleenstaande ouder."
                )
            )
        if client.youngest_child_birth_date is None:
            raise ValidationError(
                _("Vul eerst de geboortedatum van het jongste kind in bij de persoonsgegevens.")
            )
        fifth_birthday = add_years(client.youngest_child_birth_date, ART_9A_CHILD_AGE)
        if start >= fifth_birthday:
            raise ValidationError(
                {"start": _("Het jongste kind is op deze datum al 5 jaar of ouder.")}
            )
        if end is None or end >= fifth_birthday:
            raise ValidationError(
                {
                    "end": _(
                        "Een art. 9a-ontheffing eindigt uiterlijk de dag vóór de vijfde verjaardag van het "
                        "jongste kind (%(date)s)."
                    )
                    % {"date": (fifth_birthday - timedelta(days=1)).strftime("%d-%m-%Y")}
                }
            )
        used = sum(
            o.duration_days()
            for o in client.ontheffingen.filter(reason=OntheffingReason.SINGLE_PARENT)
        )
        if used + (end - start).days + 1 > (add_years(start, ART_9A_MAX_YEARS) - start).days:
            raise ValidationError(
                {
                    "end": _(
                        "Een art. 9a-ontheffing duurt in totaal hooguit %(years)s jaar; er is al %(days)s "
                        "dagen gebruikt."
                    )
                    % {"years": ART_9A_MAX_YEARS, "days": used}
                }
            )

    def duration_days(self) -> int:
        return ((self.end or timezone.localdate()) - self.start).days + 1
