"""Benefit periods and the CBS end reasons."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from clients.models.client import Client
from core.dates import validate_plausible_date
from core.formatting import day
from core.overlap import DaysDoNotOverlap
from organisations.models import Municipality, ScopedQuerySet


class EndReasonGroup(models.TextChoices):
    WORK = "werk", _("Werk")
    OTHER_BENEFIT = "andere_uitkering", _("Andere uitkering")
    MOVED = "verhuizing", _("Verhuizing")
    STUDY = "studie", _("Studie")
    RELATIONSHIP = "relatie", _("Relatie")
    OTHER = "overig", _("Overig")


class EndReason(models.Model):
    """CBS reden-beëindiging (Bijstandsuitkeringenstatistiek), with its report group."""

    code = models.CharField(_("CBS-code"), max_length=2, unique=True)
    description = models.CharField(_("omschrijving"), max_length=200)
    group = models.CharField(_("rapportagegroep"), max_length=20, choices=EndReasonGroup)
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("reden beëindiging")
        verbose_name_plural = _("redenen beëindiging")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"

    @property
    def is_work(self) -> bool:
        return self.group == EndReasonGroup.WORK


class BenefitRuleQuerySet(models.QuerySet):
    def in_force(self, on: date) -> BenefitRule | None:
        """The rule valid on `on`: the latest one from on or before that day."""
        return self.filter(valid_from__lte=on).order_by("-valid_from").first()


class BenefitRule(models.Model):
    """Rules the law sets for a benefit period, dated: a change of law is a new row."""

    valid_from = models.DateField(_("geldig vanaf"), unique=True)
    minimum_age = models.PositiveSmallIntegerField(
        _("minimumleeftijd bij ingang"),
        help_text=_("Participatiewet art. 13 lid 2 sub c: jonger dan 18 geen recht op bijstand."),
    )

    objects = BenefitRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("wettelijke regel uitkering")
        verbose_name_plural = _("wettelijke regels uitkering")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return _("Vanaf %(day)s: minimaal %(age)s jaar") % {
            "day": self.valid_from.strftime("%d-%m-%Y"),
            "age": self.minimum_age,
        }


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def benefit_start_refusal(
    *, birth: date | None, start: date, rules: list[BenefitRule] | None = None
) -> str | None:
    """Why a benefit cannot start on `start` for someone born on `birth`, or None.

    `rules` (newest first) lets the import check many rows with the rules loaded once."""
    if birth is None:
        return None
    if start < birth:
        return str(_("De ingangsdatum ligt vóór de geboortedatum."))
    if rules is None:
        rule = BenefitRule.objects.in_force(start)
    else:
        rule = next((r for r in rules if r.valid_from <= start), None)
    if rule is not None and age_on(birth, start) < rule.minimum_age:
        return str(
            _("De cliënt is op de ingangsdatum jonger dan %(age)s jaar: geen recht op bijstand.")
            % {"age": rule.minimum_age}
        )
    return None


class BenefitPeriodQuerySet(ScopedQuerySet):
    scope_path = "client__municipality"

    def running_on(self, on: date) -> BenefitPeriodQuerySet:
        return self.filter(Q(end__isnull=True) | Q(end__gte=on), start__lte=on)


class BenefitPeriod(models.Model):
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="benefit_periods", verbose_name=_("cliënt")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="benefit_periods",
        verbose_name=_("betalende gemeente"),
        db_index=False,  # benefit_mun_start_idx starts with it
    )
    start = models.DateField(_("ingangsdatum"), validators=[validate_plausible_date])
    end = models.DateField(
        _("einddatum"),
        null=True,
        blank=True,
        validators=[validate_plausible_date],
        help_text=_("De laatste dag met uitkering."),
    )
    end_reason = models.ForeignKey(
        EndReason,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reden beëindiging"),
    )

    objects = BenefitPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitkeringsperiode")
        verbose_name_plural = _("uitkeringsperioden")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="benefit_end_not_before_start",
                violation_error_message=_("De einddatum ligt vóór de ingangsdatum."),
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True, end_reason__isnull=True)
                | Q(end__isnull=False, end_reason__isnull=False),
                name="benefit_end_has_reason",
                violation_error_message=_(
                    "Een beëindigde uitkering heeft een reden van beëindiging, een lopende geen."
                ),
            ),
            # Checked by a statement trigger on the B-tree index of the client, not a GiST
            # exclusion index: 7 s less for 100,000 imported periods (core/overlap.py).
            DaysDoNotOverlap(
                name="benefit_no_overlap",
                owner="client",
                start="start",
                end="end",
                end_inclusive=True,
                violation_error_message=_(
                    "Deze periode overlapt met een andere uitkering van deze cliënt."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "start"], name="benefit_mun_start_idx"),
            # Monthly reports read a municipality's periods per client in start order.
            models.Index(
                fields=["municipality", "client", "start"],
                include=["end", "end_reason"],
                name="benefit_report_idx",
            ),
            models.Index(fields=["municipality", "end"], name="benefit_mun_end_idx"),
        ]

    def __str__(self) -> str:
        end = day(self.end) if self.end else "…"
        return f"{day(self.start)} – {end}"

    @property
    def is_running(self) -> bool:
        return self.end is None

    def clean(self) -> None:
        if self.client_id and self.start:
            refusal = benefit_start_refusal(birth=self.client.date_of_birth, start=self.start)
            if refusal:
                raise ValidationError({"start": refusal}, code="implausible_start")

    def overlaps(self, start: date, end: date | None) -> bool:
        return (self.end is None or start <= self.end) and (end is None or self.start <= end)
