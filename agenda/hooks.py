"""What agenda adds to the client screens (see clients.extensions); registered in
AgendaConfig.ready()."""

from __future__ import annotations

from django.utils import timezone

from agenda.models import Appointment
from clients.extensions import FileSection

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
