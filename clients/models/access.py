"""The access log: who saw or changed which client's data, and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.models.client import Client
from organisations.models import ScopedQuerySet


class AccessAction(models.TextChoices):
    VIEW = "inzage", _("Inzage")
    CREATE = "aanmaak", _("Aanmaak")
    UPDATE = "wijziging", _("Wijziging")
    IMPORT = "import", _("Import")
    SEARCH = "zoekresultaat", _("In een lijst of zoekresultaat")
    EXPORT = "export", _("Export")
    DOWNLOAD = "download", _("Download")
    LOG_VIEW = "inzage_log", _("Inzage in het toegangslog")


class AccessResult(models.TextChoices):
    SUCCESS = "gelukt", _("Gelukt")
    REFUSED = "geweigerd", _("Geweigerd")


class ProcessingActivity(models.TextChoices):
    """The processing activities of the municipality's register (AVG art. 30) that Opstap
    serves; each access log row names the one it was done for."""

    CASEWORK = (
        "uitvoering_participatiewet",
        _("Begeleiding naar werk en participatie (Participatiewet)"),
    )
    MANAGEMENT = "sturing", _("Sturing en beleidsinformatie")
    ACCOUNTABILITY = "verantwoording", _("Toezicht op gebruik en verantwoording")
    DATA_SUBJECT_REQUEST = "inzageverzoek", _("Afhandelen van een verzoek van de betrokkene (AVG)")


class AccessLogQuerySet(ScopedQuerySet):
    scope_path = "client__municipality"


class AccessLog(models.Model):
    """One row per view, listing, export, download or change of a client's data, modelled on
    Logboek Dataverwerkingen: who, when (UTC), what, which object, which client, the result, the
    request and the processing activity. Append-only: a database trigger refuses UPDATE and
    DELETE (migration 0007)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        related_name="access_log",
        verbose_name=_("cliënt"),
        db_index=False,  # accesslog_client_at_idx starts with it
    )
    action = models.CharField(_("handeling"), max_length=20, choices=AccessAction)
    detail = models.CharField(_("omschrijving"), max_length=500, blank=True)
    client_version = models.PositiveIntegerField(_("versie cliënt"), null=True, blank=True)
    # The columns below have database defaults: the import writes this table with COPY.
    object_ref = models.CharField(
        _("object"),
        max_length=100,
        blank=True,
        default="",
        db_default="",
        help_text=_("Het gegeven dat is ingezien of gewijzigd, als app.model:id."),
    )
    result = models.CharField(
        _("resultaat"),
        max_length=20,
        choices=AccessResult,
        default=AccessResult.SUCCESS,
        db_default=AccessResult.SUCCESS.value,
    )
    request_id = models.CharField(
        _("request-id"), max_length=64, blank=True, default="", db_default=""
    )
    processing_activity = models.CharField(
        _("verwerkingsactiviteit"),
        max_length=40,
        choices=ProcessingActivity,
        default=ProcessingActivity.CASEWORK,
        db_default=ProcessingActivity.CASEWORK.value,
    )

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("toegangsregel")
        verbose_name_plural = _("toegangslog")
        ordering = ["-at"]
        indexes = [models.Index(fields=["client", "-at"], name="accesslog_client_at_idx")]

    def __str__(self) -> str:
        return f"{self.at:%d-%m-%Y %H:%M} {self.user} {self.get_action_display()}"
