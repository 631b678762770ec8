"""Monthly report snapshots: one ReportRun per municipality and month.

A run is requested (in wachtrij), built by a Celery task (bezig), and then holds its figures
(klaar) or the reason it failed (mislukt). Finished figures are never edited: a new request keeps
them visible until a new build replaces them, in one transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisations.models import Municipality, ScopedQuerySet


class ReportRunQuerySet(ScopedQuerySet):
    scope_path = "municipality"


class ReportRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "wachtrij", _("In wachtrij")
        BUILDING = "bezig", _("Bezig")
        DONE = "klaar", _("Klaar")
        FAILED = "mislukt", _("Mislukt")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    month = models.DateField(_("maand"), help_text=_("De eerste dag van de maand."))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    figures = models.JSONField(_("cijfers"), null=True, blank=True, editable=False)
    data_date = models.DateField(_("gegevens van"), null=True, blank=True, editable=False)
    built_at = models.DateTimeField(_("berekend op"), null=True, blank=True, editable=False)
    build_seconds = models.FloatField(_("rekentijd (s)"), null=True, blank=True, editable=False)
    requested_at = models.DateTimeField(_("aangevraagd op"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangevraagd door"),
    )
    queued_at = models.DateTimeField(_("in de wachtrij gezet op"), null=True, blank=True)
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True)
    error = models.TextField(_("foutmelding"), blank=True)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("maandrapportage")
        verbose_name_plural = _("maandrapportages")
        ordering = ["municipality", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "month"], name="report_run_unique"),
            models.CheckConstraint(condition=Q(month__day=1), name="report_month_first_day"),
            models.CheckConstraint(
                condition=~Q(status="klaar") | Q(figures__isnull=False),
                name="report_done_has_figures",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.month:%m-%Y}"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.BUILDING)
