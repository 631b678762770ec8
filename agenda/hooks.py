"""What agenda adds to the client screens (see clients.extensions); registered in
AgendaConfig.ready()."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from agenda.models import Appointment
from clients.extensions import FileSection, SummaryFact, TimelineEntry, TimelineSource
from core.formatting import day

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


def _summary(section) -> list[SummaryFact]:
    """The next appointment (client file, issue 20)."""
    upcoming = section["upcoming"]
    if not upcoming:
        return [SummaryFact(_("Volgende afspraak"), _("geen gepland"), "#h-afspraken")]
    first = upcoming[0]
    value = _("%(day)s %(start)s, %(kind)s (%(place)s)") % {
        "day": day(first.date),
        "start": f"{first.start:%H:%M}",
        "kind": first.kind.name.lower(),
        "place": first.get_place_display().lower(),
    }
    url = reverse("agenda:appointment_detail", args=[first.pk])
    return [SummaryFact(_("Volgende afspraak"), value, url)]


FILE_SECTION = FileSection("agenda/client_section.html", _file_section, order=12, summary=_summary)


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
