"""What agenda adds to the client screens (see clients.extensions); registered in
AgendaConfig.ready()."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from agenda.models import Appointment
from clients.extensions import FileSection, TimelineEntry, TimelineSource

RECENT = 5


def _file_section(request, client) -> dict:
    """The upcoming appointments and the last few with their outcome: two queries."""
    if not request.user.has_perm("agenda.view_appointment"):
        return {"hidden": True}
    today = timezone.localdate()
    rows = Appointment.objects.filter(client=client).select_related("kind", "consulent")
    return {
        "client": client,
        "upcoming": list(rows.upcoming(today)),
        "recent": list(
            rows.exclude(status="gepland", date__gte=today).order_by("-date", "-start")[:RECENT]
        ),
        "can_add": request.user.has_perm("agenda.add_appointment"),
    }


FILE_SECTION = FileSection("agenda/client_section.html", _file_section, order=12)


def _timeline(client, limit: int) -> list[TimelineEntry]:
    rows = Appointment.objects.filter(client=client).select_related("kind")
    return [
        TimelineEntry(
            day=row.date,
            kind="afspraak",
            title=_("Afspraak: %(kind)s, %(place)s (%(status)s)")
            % {
                "kind": row.kind.name.lower(),
                "place": row.get_place_display().lower(),
                "status": row.get_status_display().lower(),
            },
            detail=row.report[:160],
            url=reverse("agenda:appointment_detail", args=[row.pk]),
            order=row.start.hour * 60 + row.start.minute,
        )
        for row in rows.order_by("-date", "-start")[:limit]
    ]


TIMELINE = TimelineSource("afspraak", _lazy("Afspraken"), _timeline, order=15)
