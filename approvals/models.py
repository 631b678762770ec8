"""Vier-ogen: which decisions need a teamleider's approval (data per organisation) and the
requests that wait for it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from organisations.models import Organisation, ScopedQuerySet


class DecisionKind(models.TextChoices):
    UNIT_CHANGE = "eenheid", _("Wisseling re-integratie ↔ participatie")
    ART_9A = "art9a", _("Ontheffing art. 9a")
    TRAJECTORY_EXTENSION = "verlenging", _("Verlenging voorbij de maximale duur")
    PARTICIPATIEBAAN_EARLY_END = "participatiebaan_einde", _("Participatiebaan eerder beëindigen")
    MAATREGEL = "maatregel", _("Maatregel (art. 18)")


class ApprovalRule(models.Model):
    """Whether an organisation requires approval for a kind of decision. Without a row a kind
    needs approval: the second pair of eyes is the default the mandate rules ask for."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="approval_rules",
        verbose_name=_("organisatie"),
    )
    kind = models.CharField(_("soort besluit"), max_length=30, choices=DecisionKind)
    required = models.BooleanField(_("goedkeuring vereist"), default=True)

    class Meta:
        verbose_name = _("vier-ogenregel")
        verbose_name_plural = _("vier-ogenregels")
        ordering = ["organisation", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"],
                name="approval_rule_unique",
                violation_error_message=_("Deze organisatie heeft al een regel voor dit besluit."),
            )
        ]

    def __str__(self) -> str:
        state = _("vereist") if self.required else _("niet vereist")
        return f"{self.get_kind_display()}: {state}"

    @staticmethod
    def required_for(organisation_id: int, kind: str) -> bool:
        rule = ApprovalRule.objects.filter(organisation_id=organisation_id, kind=kind).first()
        return True if rule is None else rule.required


class ApprovalRequestQuerySet(ScopedQuerySet):
    scope_path = "client__municipality"

    def waiting(self) -> ApprovalRequestQuerySet:
        return self.filter(status=ApprovalRequest.Status.WAITING)


class ApprovalRequest(models.Model):
    class Status(models.TextChoices):
        WAITING = "ter_goedkeuring", _("Ter goedkeuring")
        APPROVED = "goedgekeurd", _("Goedgekeurd")
        REJECTED = "afgewezen", _("Afgewezen")

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="approval_requests", verbose_name=_("cliënt")
    )
    kind = models.CharField(_("soort besluit"), max_length=30, choices=DecisionKind)
    effective = models.DateField(_("gaat in op"))
    payload = models.JSONField(_("gegevens"), default=dict)
    summary = models.TextField(_("omschrijving"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.WAITING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("aangevraagd door"),
    )
    requested_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besloten door"),
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decision_reason = models.TextField(_("toelichting besluit"), blank=True)

    objects = ApprovalRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("verzoek om goedkeuring")
        verbose_name_plural = _("verzoeken om goedkeuring")
        ordering = ["requested_at"]
        permissions = [("decide_approvalrequest", _("Mag verzoeken goedkeuren of afwijzen"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="ter_goedkeuring", decided_by__isnull=True)
                | (
                    ~Q(status="ter_goedkeuring")
                    & Q(decided_by__isnull=False)
                    & ~Q(decided_by=models.F("requested_by"))
                ),
                name="approval_decided_by_another",
                violation_error_message=_(
                    "Een besluit wordt genomen door een ander dan de aanvrager."
                ),
            )
        ]
        indexes = [models.Index(fields=["status", "requested_at"], name="approval_waiting_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.client} ({self.get_status_display()})"
