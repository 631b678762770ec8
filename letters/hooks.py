"""What letters add to the client screens (see clients.extensions); registered in
LettersConfig.ready(). The letters themselves show as documents of kind "brief"."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from clients.extensions import FileSection, TimelineEntry, TimelineSource
from letters.models import Letter


def _file_section(request, client) -> dict:
    if not request.user.has_perm("letters.add_letter"):
        return {"hidden": True}
    return {"client": client}


FILE_SECTION = FileSection("letters/client_section.html", _file_section, order=39)


def _timeline(client, limit: int) -> list[TimelineEntry]:
    """Letters made on the file (their PDF is a document; the documents' entries leave it out)."""
    return [
        TimelineEntry(
            day=row.date,
            kind="brief",
            title=_("Brief: %(subject)s") % {"subject": row.subject},
            order=row.created_at.timestamp(),
        )
        for row in Letter.objects.filter(client=client).order_by("-date", "-created_at")[:limit]
    ]


TIMELINE = TimelineSource("brief", _lazy("Brieven"), _timeline, order=70)
