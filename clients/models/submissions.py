"""One-time form tokens (clients/once.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """A form's one-time token, used once: a second post with it (a double click, a reload, the
    Back button) creates nothing and is sent to where the first one went (clients/once.py). The
    unique constraint makes two posts at the same moment wait for each other."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    token = models.UUIDField(_("formuliertoken"))
    url = models.CharField(_("doorgestuurd naar"), max_length=500, blank=True)
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)

    class Meta:
        verbose_name = _("verstuurd formulier")
        verbose_name_plural = _("verstuurde formulieren")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "token"],
                name="formsubmission_once_per_user",
                violation_error_message=_("Dit formulier was al verstuurd."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.token}"
