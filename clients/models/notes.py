"""Contact notes on a client's file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.models.client import Client
from core.dates import validate_plausible_date
from core.formatting import day
from core.withdrawal import Withdrawable, current_manager
from organisations.models import ScopedQuerySet


class ContactKind(models.TextChoices):
    MEETING = "gesprek", _("Gesprek")
    PHONE = "telefoon", _("Telefoon")
    HOME_VISIT = "huisbezoek", _("Huisbezoek")
    VIDEO = "video", _("Videogesprek")
    EMAIL = "email", _("E-mail")
    LETTER = "brief", _("Brief")


class ContactNoteQuerySet(ScopedQuerySet):
    scope_path = "client__municipality"


class ContactNote(Withdrawable):
    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        related_name="notes",
        verbose_name=_("cliënt"),
        db_index=False,  # note_client_date_idx starts with it
    )
    date = models.DateField(_("datum"), validators=[validate_plausible_date])
    kind = models.CharField(_("soort contact"), max_length=20, choices=ContactKind)
    text = models.TextField(_("verslag"), max_length=10000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("auteur"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now, editable=False)

    objects = current_manager(ContactNoteQuerySet)
    all_objects = ContactNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["client", "-date"], name="note_client_date_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {day(self.date)}"
