"""What measures adds to the client file: the maatregelen, with their step."""

from __future__ import annotations

from clients.extensions import FileSection
from measures.models import Maatregel


def _file_section(request, client) -> dict:
    return {
        "client": client,
        "maatregelen": list(Maatregel.objects.filter(client=client).select_related("kind")[:20]),
        "can_add": request.user.has_perm("measures.add_maatregel"),
    }


FILE_SECTION = FileSection("measures/client_section.html", _file_section, order=25)
