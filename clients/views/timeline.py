"""The client's one timeline: every app's entries in date order, filtered by kind."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clients import access
from clients.models import AccessAction
from clients.timeline import labelled, sources
from clients.views.file import scoped_client


@require_http_methods(["GET"])
def client_timeline(request, pk: int):
    client = scoped_client(request, pk)
    kinds = {source.kind: source.label for source in sources()}
    kind = request.GET.get("soort") or None
    if kind is not None and kind not in kinds:
        raise Http404
    access.log_access(
        user=request.user,
        client=client,
        action=AccessAction.VIEW,
        detail=_("Tijdlijn bekeken"),
    )
    return render(
        request,
        "clients/client_timeline.html",
        {
            "client": client,
            "rows": labelled(client, kind=kind),
            "kinds": kinds,
            "kind": kind,
        },
    )
