"""Signals of vier-ogen: a decision about one's client that waits for a teamleider's approval,
with how long it has waited. It goes when a teamleider approves or rejects it."""

from __future__ import annotations

from datetime import date

from django.db.models import F
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from approvals.models import ApprovalRequest
from deadlines.conf import Periods
from deadlines.kinds.base import emit, fmt
from deadlines.registry import Scope, Signal, SignalKind, register


# Due on the day it was requested: from the next day on it counts as overdue.
def waiting_rows(scope: Scope, today: date, until: date, periods: Periods):
    rows = (
        ApprovalRequest.objects.waiting()
        .filter(client_id__in=scope.ids)
        .annotate(s_due=TruncDate("requested_at"))
        .filter(s_due__lte=until)
    )
    return emit(rows, client=F("client_id"), obj=F("pk"), info=F("summary"), day=F("s_due"))


def _describe(signal: Signal) -> str:
    waited = max(-signal.days, 0)
    return ngettext(
        "Wacht %(days)s dag op goedkeuring (sinds %(day)s): %(summary)s",
        "Wacht %(days)s dagen op goedkeuring (sinds %(day)s): %(summary)s",
        waited,
    ) % {
        "days": waited,
        "day": fmt(signal.date),
        "summary": signal.info or "",
    }


register(
    SignalKind(
        code="goedkeuring",
        label=_lazy("Ter goedkeuring"),
        action=_lazy("Verzoek bekijken"),
        rows=waiting_rows,
        url=lambda s: reverse("clients:client_detail", args=[s.client_id]) + "#h-goedkeuring",
        describe=_describe,
    )
)
