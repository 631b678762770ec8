"""Corrections without erasing (issue 19): an entry is withdrawn (ingetrokken), never deleted.

A model that can be withdrawn derives from `Withdrawable` and declares its managers with
`current_manager(QuerySet)` first: the default manager leaves withdrawn rows out, so every
ORM query that counts (signals, lists, reports, related managers like `client.notes`) stops
counting them from the moment of withdrawal, while `all_objects` still finds them for the file,
which shows them struck through with who withdrew them, when and why. Raw SQL filters
`withdrawn_at IS NULL` itself. Report months already built are snapshots and do not change."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy


def current_manager(queryset_class: type[models.QuerySet]) -> models.Manager:
    """The default manager of a withdrawable model: the rows not withdrawn."""

    class CurrentManager(models.Manager.from_queryset(queryset_class)):
        def get_queryset(self):
            return super().get_queryset().filter(withdrawn_at__isnull=True)

    return CurrentManager()


class Withdrawable(models.Model):
    withdrawn_at = models.DateTimeField(
        _lazy("ingetrokken op"), null=True, blank=True, editable=False
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_lazy("ingetrokken door"),
    )
    # db_default: rows loaded with COPY (core.bulk) name only the columns they know.
    withdrawn_reason = models.TextField(
        _lazy("reden van intrekken"), blank=True, editable=False, db_default=""
    )

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def withdraw(self, *, by, reason: str) -> None:
        """Mark withdrawn (the caller saves); refused without a reason or when done already."""
        if self.is_withdrawn:
            raise ValidationError(_("Dit is al ingetrokken."))
        if not reason.strip():
            raise ValidationError({"reason": _("Vul in waarom u dit intrekt.")})
        self.withdrawn_at, self.withdrawn_by, self.withdrawn_reason = (
            timezone.now(),
            by,
            reason.strip(),
        )
