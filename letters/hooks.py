"""What letters add to the client screens (see clients.extensions); registered in
LettersConfig.ready(). The letters themselves show as documents of kind "brief"."""

from __future__ import annotations

from clients.extensions import FileSection


def _file_section(request, client) -> dict:
    if not request.user.has_perm("letters.add_letter"):
        return {"hidden": True}
    return {"client": client}


FILE_SECTION = FileSection("letters/client_section.html", _file_section, order=39)
