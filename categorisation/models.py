"""Categories 1A–3B (or an organisation's own scheme), assessments and the participatieladder.

Assessments and ladder steps are effective-dated and never overwritten. Each row carries
`valid_until`, the date of the client's next row (exclusive; empty for the current one), kept
by the services; the database refuses two rows of one client whose periods overlap. "As of a
date" is then one range filter, without sorting per client.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clients.models import Client
from core.dates import validate_plausible_date
from core.overlap import DaysDoNotOverlap
from core.ranges import DateSpan  # noqa: F401  (named by migrations)
from core.withdrawal import Withdrawable, current_manager
from organisations.models import Organisation, ScopedQuerySet


class Unit(models.Model):
    """Re-integratie or Participatie: who serves the client, and how often to re-assess."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    reassessment_months = models.PositiveSmallIntegerField(
        _("herbeoordeling na (maanden)"),
        help_text=_("Na hoeveel maanden een cliënt in deze eenheid opnieuw wordt beoordeeld."),
    )

    class Meta:
        verbose_name = _("eenheid")
        verbose_name_plural = _("eenheden")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class CategoryQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id: int | None) -> CategoryQuerySet:
        """The organisation's own scheme where it has one, else the default (shared) scheme."""
        own = self.filter(organisation_id=organisation_id, active=True)
        if organisation_id and own.exists():
            return own
        return self.filter(organisation__isnull=True, active=True)


class Category(models.Model):
    """A category with its rules as columns. Months are half-open: (months_above, months_up_to]."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisatie"),
        help_text=_("Leeg: het standaardschema voor elke organisatie zonder eigen schema."),
    )
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("omschrijving"), max_length=200)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, verbose_name=_("eenheid"))
    months_above = models.PositiveSmallIntegerField(
        _("meer dan (maanden)"),
        null=True,
        blank=True,
        help_text=_("Ondergrens, niet inbegrepen. Leeg: vanaf 0."),
    )
    months_up_to = models.PositiveSmallIntegerField(
        _("tot en met (maanden)"),
        null=True,
        blank=True,
        help_text=_("Bovengrens, inbegrepen. Leeg: geen bovengrens."),
    )
    requires_ontheffing = models.BooleanField(_("vereist lopende ontheffing"), default=False)
    requires_indication = models.BooleanField(
        _("vereist indicatie Banenafspraak of Beschut werk"), default=False
    )
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    active = models.BooleanField(_("in gebruik"), default=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("categorie")
        verbose_name_plural = _("categorieën")
        ordering = ["sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"],
                name="category_code_unique",
                violation_error_message=_("Er is al een categorie met deze code."),
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(months_above__isnull=True)
                | Q(months_up_to__isnull=True)
                | Q(months_up_to__gt=F("months_above")),
                name="category_months_range",
                violation_error_message=_(
                    "Het aantal maanden ‘tot en met’ moet groter zijn dan ‘meer dan’."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def range_label(self) -> str:
        """How long until placement, in words: 'meer dan 12 tot en met 48 maanden'."""
        low, high = self.months_above, self.months_up_to
        if low is None and high is None:
            return _("elke duur")
        if low is None:
            return ngettext("tot en met %(high)s maand", "tot en met %(high)s maanden", high) % {
                "high": high
            }
        if high is None:
            return ngettext("meer dan %(low)s maand", "meer dan %(low)s maanden", low) % {
                "low": low
            }
        return ngettext(
            "meer dan %(low)s tot en met %(high)s maand",
            "meer dan %(low)s tot en met %(high)s maanden",
            high,
        ) % {"low": low, "high": high}

    def fits(self, months: int) -> bool:
        above = self.months_above is None or months > self.months_above
        return above and (self.months_up_to is None or months <= self.months_up_to)


class EffectiveQuerySet(ScopedQuerySet):
    scope_path = "client__municipality"

    def on(self, day: date) -> EffectiveQuerySet:
        """The row in force on `day` for each client: at most one per client."""
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=day), date__lte=day)


class EffectiveDated(Withdrawable):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, verbose_name=_("cliënt"))
    date = models.DateField(_("datum"), validators=[validate_plausible_date])
    valid_until = models.DateField(_("geldig tot"), null=True, blank=True, editable=False)
    reason = models.CharField(_("toelichting"), max_length=1000, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now, editable=False)

    objects = current_manager(EffectiveQuerySet)
    all_objects = EffectiveQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-date"]


class Assessment(EffectiveDated):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, verbose_name=_("categorie"))
    estimated_months = models.PositiveSmallIntegerField(_("geschatte maanden tot plaatsing"))

    class Meta(EffectiveDated.Meta):
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")
        default_related_name = "assessments"
        constraints = [
            models.UniqueConstraint(
                fields=["client", "date"],
                condition=Q(withdrawn_at__isnull=True),
                name="assessment_one_per_day",
                violation_error_message=_("Er is al een beoordeling op deze datum."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=F("date")),
                name="assessment_valid_until_after_date",
                violation_error_message=_("De einddatum ligt niet na de datum van de beoordeling."),
            ),
            DaysDoNotOverlap(
                name="assessment_no_overlap",
                owner="client",
                start="date",
                end="valid_until",
                end_inclusive=False,
                condition=Q(withdrawn_at__isnull=True),
                violation_error_message=_(
                    "Deze beoordeling overlapt met een andere beoordeling van deze cliënt."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["date", "valid_until"], name="assessment_span_idx"),
            models.Index(
                fields=["client"],
                include=["category"],
                condition=Q(valid_until__isnull=True),
                name="assessment_current_idx",
            ),
            # The category in force on a past day, per client, without the table (reports).
            models.Index(
                fields=["client", "date"],
                include=["valid_until", "category"],
                name="assessment_report_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category.code} per {self.date:%d-%m-%Y}"


class LadderStep(EffectiveDated):
    class Trede(models.IntegerChoices):
        ISOLATED = 1, _("1 Geïsoleerd")
        SOCIAL = 2, _("2 Sociale contacten buiten de deur")
        ORGANISED = 3, _("3 Deelname georganiseerde activiteiten")
        UNPAID = 4, _("4 Onbetaald werk")
        SUPPORTED = 5, _("5 Betaald werk met ondersteuning")
        PAID = 6, _("6 Betaald werk")

    trede = models.PositiveSmallIntegerField(_("trede"), choices=Trede)

    class Meta(EffectiveDated.Meta):
        verbose_name = _("trede participatieladder")
        verbose_name_plural = _("treden participatieladder")
        default_related_name = "ladder_steps"
        constraints = [
            models.UniqueConstraint(
                fields=["client", "date"],
                condition=Q(withdrawn_at__isnull=True),
                name="ladder_one_per_day",
                violation_error_message=_("Er is al een trede vastgelegd op deze datum."),
            ),
            models.CheckConstraint(
                condition=Q(trede__gte=1, trede__lte=6),
                name="ladder_trede_1_6",
                violation_error_message=_("Een trede ligt tussen 1 en 6."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=F("date")),
                name="ladder_valid_until_after_date",
                violation_error_message=_("De einddatum ligt niet na de datum van de trede."),
            ),
            DaysDoNotOverlap(
                name="ladder_no_overlap",
                owner="client",
                start="date",
                end="valid_until",
                end_inclusive=False,
                condition=Q(withdrawn_at__isnull=True),
                violation_error_message=_(
                    "Deze trede overlapt met een andere trede van deze cliënt."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_trede_display()} per {self.date:%d-%m-%Y}"
