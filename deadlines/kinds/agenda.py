"""Signals from the agenda: a client who did not come to an appointment is followed up."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, F, OuterRef, Value
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from agenda.models import Appointment, Status
from clients.models import ContactNote
from deadlines.conf import Periods
from deadlines.expressions import AddDays
from deadlines.kinds.base import PERSONAL_CONTACT, emit, fmt
from deadlines.registry import Link, Scope, SignalKind, register


# A no-show (with or without notice), due N days after the appointment. Resolved by a new
# appointment planned after the outcome was recorded (not cancelled), or a personal contact
# note on or after the appointment's date recorded after the outcome.
def no_show_rows(scope: Scope, today: date, until: date, periods: Periods):
    later = Appointment.objects.filter(
        client=OuterRef("client"), created_at__gte=OuterRef("outcome_at")
    ).exclude(status=Status.CANCELLED)
    talked = ContactNote.objects.filter(
        client=OuterRef("client"),
        kind__in=PERSONAL_CONTACT,
        date__gte=OuterRef("date"),
        created_at__gte=OuterRef("outcome_at"),
    )
    rows = (
        Appointment.objects.no_shows()
        .filter(client_id__in=scope.active_ids)
        .exclude(Exists(later))
        .exclude(Exists(talked))
        .annotate(s_due=AddDays(F("date"), Value(periods.no_show_days)))
        .filter(s_due__lte=until)
    )
    return emit(
        rows,
        client=F("client_id"),
        obj=F("pk"),
        info=F("kind__name"),
        day=F("date"),
    )


register(
    SignalKind(
        code="niet_verschenen",
        label=_lazy("Niet verschenen op een afspraak"),
        action=_lazy("Nieuwe afspraak inplannen"),
        rows=no_show_rows,
        url=lambda s: reverse("agenda:appointment_create", args=[s.client_id]),
        # As the appointment's page: a maatregel for the no-show, its gedraging filled in.
        links=lambda s: [
            Link(
                _("Maatregel starten"),
                reverse("measures:maatregel_create", args=[s.client_id])
                + f"?afspraak={s.object_id}",
                "measures.add_maatregel",
            )
        ],
        describe=lambda s: (
            _(
                "Niet verschenen op %(kind)s van %(day)s; neem contact op of plan een nieuwe afspraak."
            )
            % {"kind": (s.info or "").lower(), "day": fmt(s.date)}
        ),
    )
)
