"""The client file: scoping, the file page, its access log and the AVG export."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clients import access
from clients.avg import client_export_zip
from clients.forms import (
    NoteForm,
)
from clients.models import (
    AccessAction,
    AccessLog,
    BenefitPeriod,
    Client,
    ContactNote,
    Ontheffing,
    ProcessingActivity,
)
from clients.timeline import ON_FILE, labelled
from clients.views import outline
from core.pagination import CappedPaginator


def scoped_client(request, pk: int, *, for_update: bool = False, clients=None) -> Client:
    """The client if the user may see it: scoped to their municipalities, else 404. `clients`:
    a Client queryset with what the caller reads along (select_related, prefetch_related)."""
    if not request.user.has_perm("clients.view_client"):
        raise Http404
    if clients is None:
        clients = Client.objects.select_related("municipality", "consulent")
    clients = clients.for_user(request.user)
    if for_update:
        clients = clients.select_for_update(of=("self",))
    return get_object_or_404(clients, pk=pk)


def client_detail(request, pk: int):
    # Scoped and read with what the file shows in one query (the prefetches add theirs).
    client = scoped_client(
        request,
        pk,
        clients=Client.objects.prefetch_related(
            Prefetch(
                "benefit_periods",
                queryset=BenefitPeriod.objects.select_related("municipality", "end_reason"),
            ),
            # Withdrawn entries stay on the file, struck through (issue 19).
            Prefetch(
                "ontheffingen", queryset=Ontheffing.all_objects.select_related("withdrawn_by")
            ),
            Prefetch(
                "notes",
                queryset=ContactNote.all_objects.select_related("author", "withdrawn_by"),
            ),
        ).select_related("municipality", "consulent", "updated_by"),
    )
    access.log_access(user=request.user, client=client, action=AccessAction.VIEW)
    today = timezone.localdate()
    note_form = NoteForm(initial={"date": today})
    note_form.helper.form_action = reverse("clients:contactnote_create", kwargs={"pk": client.pk})
    sections = outline.file_sections(request, client, today)
    return render(
        request,
        "clients/client_detail.html",
        {
            "client": client,
            "today": today,
            "target_groups": client.target_groups(today),
            "note_form": note_form,
            "can_change": request.user.has_perm("clients.change_client"),
            "can_reassign": request.user.has_perm("clients.reassign_consulent"),
            "can_see_log": request.user.has_perm("clients.view_accesslog"),
            "can_export": request.user.has_perm("clients.export_client_data"),
            # The other apps' blocks, their headings (skip links) and summary lines (issue 20).
            "sections": sections.html,
            "section_headings": sections.headings,
            "facts": sections.facts,
            # The newest of the one timeline: one query per source, however long it is.
            "recent": labelled(client, limit=ON_FILE),
            "recent_limit": ON_FILE,
        },
    )


ACCESS_LOG_PAGE_SIZE = 100


@require_http_methods(["GET"])
def client_accesslog(request, pk: int):
    """Wie heeft deze gegevens ingezien: the client's access log, for whoever may open the file.
    Reading it is itself logged (and so shows at the top)."""
    client = scoped_client(request, pk)
    if not request.user.has_perm("clients.view_accesslog"):
        raise Http404
    access.log_access(
        user=request.user,
        client=client,
        action=AccessAction.LOG_VIEW,
        activity=ProcessingActivity.ACCOUNTABILITY,
    )
    entries = AccessLog.objects.filter(client=client).select_related("user").order_by("-at", "-pk")
    page = CappedPaginator(entries, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "clients/accesslog_list.html", {"client": client, "page": page})


@permission_required("clients.export_client_data", raise_exception=True)
@require_http_methods(["POST"])
def client_export(request, pk: int):
    """AVG art. 15: everything Opstap holds about this client, as a ZIP of one JSON file and
    the stored documents. A POST, since it writes the access log; the export includes that row."""
    client = scoped_client(request, pk)
    access.log_access(
        user=request.user,
        client=client,
        action=AccessAction.EXPORT,
        detail=_("Alle gegevens geëxporteerd voor een inzageverzoek (AVG art. 15)"),
        activity=ProcessingActivity.DATA_SUBJECT_REQUEST,
    )
    response = HttpResponse(client_export_zip(client), content_type="application/zip")
    filename = f"opstap-inzage-client-{client.pk}-{timezone.localdate().isoformat()}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def log_form_shown(request, client: Client, title: str, *, obj=None) -> None:
    """A form on a client's file shows who it is about (name, number, more): an access-log row
    for every response that renders one, also when it comes back with errors."""
    access.log_access(
        user=request.user,
        client=client,
        action=AccessAction.VIEW,
        detail=_("Formulier geopend: %(title)s") % {"title": title},
        obj=obj,
    )
