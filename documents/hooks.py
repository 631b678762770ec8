"""What documents add to the client screens (see clients.extensions); registered in
DocumentsConfig.ready()."""

from __future__ import annotations

from clients.extensions import FileSection
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
