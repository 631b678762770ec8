"""A signal put off: the one thing deadlines stores. Signals themselves are computed (queries.py);
a consulent may postpone one signal of one client, with a reason, until a date. It is hidden from
then on until that date (the kinds' SQL leaves it out, queries.kind_sql) and then shows again if
its cause is still there. Rows are never changed or removed: every postponement stays in the
client's change history (history.models tracks this model)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from organisations.models import ScopedQuerySet


def kind_choices() -> list[tuple[str, str]]:
    """The registered signal kinds, read when asked (the kinds import other apps' models)."""
    from deadlines.queries import KINDS

    return [(kind.code, kind.label) for kind in KINDS]


class PostponementQuerySet(ScopedQuerySet):
    scope_path = "client__municipality"

    def in_force(self, today) -> PostponementQuerySet:
        """Postponements that still hide their signal on `today`."""
        return self.filter(until__gt=today)


class Postponement(models.Model):
    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("cliënt"),
        db_index=False,  # postponement_lookup_idx starts with it
    )
    kind = models.CharField(_("soort signaal"), max_length=30, choices=kind_choices)
    # The row where the work is done (a trajectory, an action, a request), as the signal names
    # it; empty for a signal about the client's file as a whole (contact, herbeoordeling).
    object_id = models.BigIntegerField(_("betreft (id)"), null=True, blank=True)
    due = models.DateField(_("uiterlijk op (bij uitstellen)"))
    until = models.DateField(_("uitgesteld tot"))
    reason = models.TextField(_("reden"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uitgesteld door"),
    )
    created_at = models.DateTimeField(_("uitgesteld op"), auto_now_add=True)

    objects = PostponementQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitgesteld signaal")
        verbose_name_plural = _("uitgestelde signalen")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="postponement_has_reason",
                violation_error_message=_("Geef een reden voor het uitstellen."),
            ),
        ]
        # The kinds' queries look a signal up by client and kind (queries.kind_sql).
        indexes = [models.Index(fields=["client", "kind", "until"], name="postponement_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.client} tot {self.until:%d-%m-%Y}"
