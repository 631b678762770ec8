"""Documents on the client file: an uploaded file (or a letter Opstap made) with its kind, a
description and a date. The file itself lives in the private documents storage
(documents/storage.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from core.dates import validate_plausible_date
from documents.filetypes import BY_CODE
from documents.storage import document_path, documents_storage
from organisations.models import ScopedQuerySet


class DocumentKind(models.Model):
    """A code table shared by every organisation, seeded by a data migration."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    active = models.BooleanField(_("in gebruik"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("documentsoort")
        verbose_name_plural = _("documentsoorten")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class DocumentQuerySet(ScopedQuerySet):
    scope_path = "client__municipality"


class Document(models.Model):
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="documents", verbose_name=_("cliënt")
    )
    kind = models.ForeignKey(
        DocumentKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("soort")
    )
    description = models.CharField(_("omschrijving"), max_length=200)
    date = models.DateField(_("datum"), validators=[validate_plausible_date])
    file = models.FileField(
        _("bestand"), storage=documents_storage, upload_to=document_path, max_length=200
    )
    original_name = models.CharField(_("bestandsnaam"), max_length=200)
    file_type = models.CharField(
        _("bestandstype"), max_length=10, choices=[(code, code.upper()) for code in BY_CODE]
    )
    size = models.PositiveBigIntegerField(_("grootte (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("toegevoegd door"),
    )
    uploaded_at = models.DateTimeField(_("toegevoegd op"), default=timezone.now, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gt=0), name="document_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.date:%d-%m-%Y})"

    @property
    def content_type(self) -> str:
        return BY_CODE[self.file_type].content_type
