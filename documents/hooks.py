"""What documents add to the client screens (see clients.extensions); registered in
DocumentsConfig.ready()."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from clients.extensions import FileSection, TimelineEntry, TimelineSource
from documents.models import Document


def _file_section(request, client) -> dict:
    """The client's documents, newest first: one query."""
    if not request.user.has_perm("documents.view_document"):
        return {"hidden": True}
    return {
        "client": client,
        "documents": list(Document.objects.filter(client=client).select_related("kind")),
        "can_add": request.user.has_perm("documents.add_document"),
        "can_delete": request.user.has_perm("documents.delete_document"),
    }


FILE_SECTION = FileSection("documents/client_section.html", _file_section, order=40)


def _timeline(client, limit: int) -> list[TimelineEntry]:
    """Uploaded documents; a letter's PDF is on the timeline as the letter."""
    rows = (
        Document.objects.filter(client=client, letter__isnull=True)
        .select_related("kind")
        .order_by("-date", "-uploaded_at")[:limit]
    )
    return [
        TimelineEntry(
            day=row.date,
            kind="document",
            title=_("Document: %(kind)s") % {"kind": row.kind.name.lower()},
            detail=row.description,
            url=reverse("documents:document_download", args=[row.pk]),
            order=row.uploaded_at.timestamp(),
        )
        for row in rows
    ]


TIMELINE = TimelineSource("document", _lazy("Documenten"), _timeline, order=80)
