"""Handovers: a teamleider moves a selection of clients, or a whole caseload, to another
consulent at once, with a note (issue 19)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from organisations.models import Municipality, ScopedQuerySet


class HandoverQuerySet(ScopedQuerySet):
    scope_path = "municipality"


class Handover(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    from_consulent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("van consulent"),
    )
    to_consulent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("naar consulent"),
    )
    note = models.TextField(_("overdrachtsnotitie"))
    whole_caseload = models.BooleanField(_("hele caseload"), default=False)
    clients = models.ManyToManyField(Client, related_name="+", verbose_name=_("cliënten"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("overgedragen door"),
    )
    at = models.DateTimeField(_("op"), auto_now_add=True)

    objects = HandoverQuerySet.as_manager()

    class Meta:
        verbose_name = _("overdracht")
        verbose_name_plural = _("overdrachten")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.from_consulent} → {self.to_consulent} ({self.at:%d-%m-%Y})"
