"""Maatregelen (art. 18 Participatiewet): a verwijtbare gedraging, the hearing, and the decision
following the organisation's maatregelenverordening, kept as dated data (issue 19)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clients.models import Client
from core import formatting
from core.dates import add_months
from organisations.models import Organisation, ScopedQuerySet


def months_label(months: int) -> str:
    return ngettext("%(n)s maand", "%(n)s maanden", months) % {"n": months}


class GedragingKind(models.Model):
    """Code table: kinds of verwijtbare gedraging and the verordening's category they fall in."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("omschrijving"), max_length=200)
    category = models.PositiveSmallIntegerField(_("categorie (verordening)"))
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("soort gedraging")
        verbose_name_plural = _("soorten gedraging")
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name


class MaatregelRuleQuerySet(models.QuerySet):
    def in_force(self, *, organisation_id: int, category: int, on: date):
        """The organisation's own rule for the category on `on`, else the default (no
        organisation): the latest valid_from on or before the day."""
        return (
            self.filter(
                Q(organisation_id=organisation_id) | Q(organisation__isnull=True),
                category=category,
                valid_from__lte=on,
            )
            .order_by(models.F("organisation").asc(nulls_last=True), "-valid_from")
            .first()
        )


class MaatregelRule(models.Model):
    """One line of a maatregelenverordening from a date: category → percentage of the norm and
    duration in months; a repeat within `repeat_window_months` weighs heavier."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisatie"),
        help_text=_("Leeg: de standaard voor organisaties zonder eigen verordening."),
    )
    valid_from = models.DateField(_("geldig vanaf"))
    category = models.PositiveSmallIntegerField(_("categorie"))
    percentage = models.DecimalField(_("percentage van de norm"), max_digits=5, decimal_places=2)
    months = models.PositiveSmallIntegerField(_("duur in maanden"))
    repeat_percentage = models.DecimalField(
        _("percentage bij herhaling"), max_digits=5, decimal_places=2
    )
    repeat_months = models.PositiveSmallIntegerField(_("duur bij herhaling (maanden)"))
    repeat_window_months = models.PositiveSmallIntegerField(
        _("herhaling binnen (maanden)"), default=12
    )

    objects = MaatregelRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("regel maatregelenverordening")
        verbose_name_plural = _("regels maatregelenverordening")
        ordering = ["organisation", "category", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "category", "valid_from"],
                name="maatregel_rule_unique",
                nulls_distinct=False,
                violation_error_message=_("Er is al een regel voor deze categorie op die datum."),
            ),
            models.CheckConstraint(
                condition=Q(percentage__gte=0, percentage__lte=100)
                & Q(repeat_percentage__gte=0, repeat_percentage__lte=100),
                name="maatregel_rule_percentages",
                violation_error_message=_("Een percentage ligt tussen 0 en 100."),
            ),
        ]

    def __str__(self) -> str:
        return ngettext(
            "Categorie %(c)s vanaf %(d)s: %(p)s gedurende %(m)s maand",
            "Categorie %(c)s vanaf %(d)s: %(p)s gedurende %(m)s maanden",
            self.months,
        ) % {
            "c": self.category,
            "d": self.valid_from.strftime("%d-%m-%Y"),
            "p": formatting.percentage(self.percentage),
            "m": self.months,
        }


class MaatregelQuerySet(ScopedQuerySet):
    scope_path = "client__municipality"


class Maatregel(models.Model):
    class Status(models.TextChoices):
        RECORDED = "vastgelegd", _("Gedraging vastgelegd")
        HEARING_PLANNED = "horen_gepland", _("Horen gepland")
        HEARD = "gehoord", _("Gehoord")
        WAITING = "ter_goedkeuring", _("Besluit ter goedkeuring")
        IMPOSED = "opgelegd", _("Opgelegd")
        WAIVED = "afgezien", _("Afgezien")

    class Waiver(models.TextChoices):
        URGENT = "dringende_redenen", _("Dringende redenen")
        NOT_CULPABLE = "geen_verwijtbaarheid", _("Geen verwijtbaarheid")

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="maatregelen", verbose_name=_("cliënt")
    )
    kind = models.ForeignKey(
        GedragingKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("gedraging")
    )
    gedraging_on = models.DateField(_("datum gedraging"))
    description = models.TextField(_("omschrijving"), max_length=5000)
    appointment = models.ForeignKey(
        "agenda.Appointment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afspraak (niet verschenen)"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.RECORDED)
    hearing_on = models.DateField(_("horen gepland op"), null=True, blank=True)
    heard_on = models.DateField(_("gehoord op"), null=True, blank=True)
    client_statement = models.TextField(_("wat de cliënt zei"), blank=True)
    percentage = models.DecimalField(
        _("percentage van de norm"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    months = models.PositiveSmallIntegerField(_("duur in maanden"), null=True, blank=True)
    starts_on = models.DateField(_("ingangsdatum"), null=True, blank=True)
    repeat = models.BooleanField(_("herhaling"), default=False)
    waiver = models.CharField(_("afgezien wegens"), max_length=30, choices=Waiver, blank=True)
    waiver_explanation = models.TextField(_("toelichting afzien"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    letter = models.ForeignKey(
        "letters.Letter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besluitbrief"),
    )

    objects = MaatregelQuerySet.as_manager()

    class Meta:
        verbose_name = _("maatregel")
        verbose_name_plural = _("maatregelen")
        ordering = ["-gedraging_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="opgelegd")
                | Q(percentage__isnull=False, months__isnull=False, starts_on__isnull=False),
                name="maatregel_imposed_has_terms",
                violation_error_message=_(
                    "Een opgelegde maatregel heeft percentage, duur en ingangsdatum."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="afgezien") | ~Q(waiver=""),
                name="maatregel_waived_has_reason",
                violation_error_message=_(
                    "Bij afzien hoort de grond: dringende redenen of geen verwijtbaarheid."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.gedraging_on:%d-%m-%Y}): {self.get_status_display()}"

    @property
    def ends_on(self) -> date | None:
        """The last day of the maatregel: `months` from the start, up to and including."""
        if self.starts_on is None or self.months is None:
            return None
        return add_months(self.starts_on, self.months) - timedelta(days=1)

    @property
    def terms_label(self) -> str:
        """The decision in words: "10% van de norm gedurende 1 maand, van 01-12-2026 tot en met
        31-12-2026"."""
        if self.ends_on is None:
            return ""
        return _("%(p)s van de norm gedurende %(m)s, van %(start)s tot en met %(end)s") % {
            "p": formatting.percentage(self.percentage),
            "m": months_label(self.months),
            "start": self.starts_on.strftime("%d-%m-%Y"),
            "end": self.ends_on.strftime("%d-%m-%Y"),
        }
