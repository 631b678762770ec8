"""Budget years and lines, and the distribution keys that split them between municipalities.

Amounts are euros with cents (`DecimalField`); the split itself is computed in whole cents
(budgets/split.py). A key's shares are percentages that add up to exactly 100, or the key is
derived from the caseload on a reference date.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import formatting
from core.dates import validate_plausible_date
from organisations.models import Municipality, Organisation


class OrganisationQuerySet(models.QuerySet):
    def for_user(self, user):
        """Budgets belong to the whole organisation; the split per municipality is scoped where
        it is shown."""
        if not getattr(user, "is_authenticated", False) or user.organisation_id is None:
            return self.none()
        return self.filter(organisation_id=user.organisation_id)


class DistributionKey(models.Model):
    class Method(models.TextChoices):
        FIXED = "vast", _("Vaste percentages")
        CASELOAD = "caseload", _("Naar caseload op een peildatum")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )
    name = models.CharField(_("naam"), max_length=200)
    method = models.CharField(_("methode"), max_length=10, choices=Method, default=Method.FIXED)
    reference_date = models.DateField(
        _("peildatum"),
        null=True,
        blank=True,
        validators=[validate_plausible_date],
        help_text=_(
            "Alleen bij een sleutel naar caseload: het aandeel van elke gemeente in de lopende "
            "uitkeringen op deze dag."
        ),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("verdeelsleutel")
        verbose_name_plural = _("verdeelsleutels")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="key_name_unique",
                violation_error_message=_("Er is al een verdeelsleutel met deze naam."),
            ),
            models.CheckConstraint(
                condition=Q(method="vast", reference_date__isnull=True)
                | Q(method="caseload", reference_date__isnull=False),
                name="key_caseload_has_reference_date",
                violation_error_message=_(
                    "Een sleutel naar caseload heeft een peildatum, een vaste sleutel niet."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DistributionShare(models.Model):
    key = models.ForeignKey(
        DistributionKey, on_delete=models.CASCADE, related_name="shares", verbose_name=_("sleutel")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    percentage = models.DecimalField(
        _("aandeel (%)"),
        max_digits=7,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        verbose_name = _("aandeel")
        verbose_name_plural = _("aandelen")
        ordering = ["-percentage", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "municipality"],
                name="share_once_per_key",
                violation_error_message=_("Deze gemeente heeft al een aandeel in deze sleutel."),
            ),
            models.CheckConstraint(
                condition=Q(percentage__gte=0, percentage__lte=100),
                name="share_percentage_range",
                violation_error_message=_("Een percentage ligt tussen 0 en 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {formatting.percentage(self.percentage)}"


class BudgetYear(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )
    year = models.PositiveSmallIntegerField(
        _("jaar"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    key = models.ForeignKey(
        DistributionKey,
        on_delete=models.PROTECT,
        related_name="years",
        verbose_name=_("verdeelsleutel"),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("begrotingsjaar")
        verbose_name_plural = _("begrotingsjaren")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"],
                name="budget_year_unique",
                violation_error_message=_("Er is al een begroting voor dit jaar."),
            )
        ]

    def __str__(self) -> str:
        return str(self.year)

    def clean(self) -> None:
        if (
            self.key_id
            and self.organisation_id
            and self.key.organisation_id != self.organisation_id
        ):
            raise ValidationError({"key": _("Deze sleutel hoort bij een andere organisatie.")})


class BudgetLine(models.Model):
    class Kind(models.TextChoices):
        STRUCTURAL = "structureel", _("Structureel")
        INCIDENTAL = "incidenteel", _("Incidenteel")

    class Pot(models.TextChoices):
        BUIG = "buig", _("BUIG (inkomensdeel)")
        PARTICIPATION = "participatie", _("Participatiebudget (werkdeel)")

    budget_year = models.ForeignKey(
        BudgetYear, on_delete=models.CASCADE, related_name="lines", verbose_name=_("jaar")
    )
    name = models.CharField(_("omschrijving"), max_length=200)
    kind = models.CharField(_("soort"), max_length=12, choices=Kind)
    pot = models.CharField(_("budget"), max_length=12, choices=Pot, default=Pot.PARTICIPATION)
    purpose = models.CharField(_("doel"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("bedrag (euro)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("begrotingsregel")
        verbose_name_plural = _("begrotingsregels")
        ordering = ["budget_year", "kind", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget_year", "name"],
                name="line_name_unique",
                violation_error_message=_(
                    "Er is al een begrotingsregel met deze naam in dit jaar."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="line_amount_not_negative",
                violation_error_message=_("Het bedrag kan niet negatief zijn."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.budget_year})"
