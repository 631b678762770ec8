"""Signals of maatregelen (art. 18): the hearing (horen) after a recorded gedraging, and the
decision after the hearing. Periods are settings (README)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import F, Value
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from deadlines.conf import Periods
from deadlines.expressions import AddDays
from deadlines.kinds.base import emit, fmt
from deadlines.registry import Scope, SignalKind, register
from measures.models import Maatregel

Status = Maatregel.Status


def _days(name: str, default: int) -> int:
    return getattr(settings, name, default)


def hearing_rows(scope: Scope, today: date, until: date, periods: Periods):
    days = _days("OPSTAP_SIGNAL_MAATREGEL_HEARING_DAYS", 14)
    rows = (
        Maatregel.objects.filter(client_id__in=scope.ids,
                                 status__in=[Status.RECORDED, Status.HEARING_PLANNED])
        .annotate(s_due=AddDays(F("gedraging_on"), Value(days)))
        .filter(s_due__lte=until)
    )  # fmt: skip
    return emit(rows, client=F("client_id"), obj=F("pk"), info=F("kind__name"),
                day=F("gedraging_on"))  # fmt: skip


def decision_rows(scope: Scope, today: date, until: date, periods: Periods):
    days = _days("OPSTAP_SIGNAL_MAATREGEL_DECISION_DAYS", 28)
    rows = (
        Maatregel.objects.filter(client_id__in=scope.ids, status=Status.HEARD)
        .annotate(s_due=AddDays(F("heard_on"), Value(days)))
        .filter(s_due__lte=until)
    )
    return emit(rows, client=F("client_id"), obj=F("pk"), info=F("kind__name"),
                day=F("heard_on"))  # fmt: skip


def _url(signal) -> str:
    return reverse("measures:maatregel_detail", args=[signal.object_id])


register(
    SignalKind(
        code="maatregel_horen",
        label=_lazy("Horen (maatregel)"),
        action=_lazy("Horen vastleggen"),
        rows=hearing_rows,
        url=_url,
        describe=lambda s: (
            _("%(kind)s op %(day)s: de cliënt horen.") % {"kind": s.info or "", "day": fmt(s.date)}
        ),
    )
)
register(
    SignalKind(
        code="maatregel_besluit",
        label=_lazy("Besluit maatregel"),
        action=_lazy("Besluit nemen"),
        rows=decision_rows,
        url=_url,
        describe=lambda s: (
            _("%(kind)s, gehoord op %(day)s: besluit nemen of afzien.")
            % {"kind": s.info or "", "day": fmt(s.date)}
        ),
    )
)
