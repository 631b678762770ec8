"""Premiums paid to a client for a trajectory."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.formatting import money
from organisations.models import ScopedQuerySet
from trajectories.models.trajectory import Trajectory


class PremiumPaymentQuerySet(ScopedQuerySet):
    scope_path = "trajectory__client__municipality"


class PremiumPayment(models.Model):
    class PaymentStatus(models.TextChoices):
        DUE = "verschuldigd", _("Verschuldigd")
        PAID = "betaald", _("Betaald")

    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.PROTECT,
        related_name="premiums",
        verbose_name=_("traject"),
        db_index=False,  # premium_one_per_due_date starts with it
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
        return f"{money(self.amount)} per {self.due_date:%d-%m-%Y}"

    @property
    def is_paid(self) -> bool:
        return self.status == self.PaymentStatus.PAID
