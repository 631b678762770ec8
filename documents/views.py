"""Documents on the client file: upload, download (scoped, logged) and removal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clients import access
from clients.models import AccessAction
from clients.views.actions import client_action
from clients.views.file import scoped_client
from documents import services
from documents.forms import DocumentForm
from documents.models import Document


def scoped_document(request, pk: int) -> Document:
    if not request.user.has_perm("documents.view_document"):
        raise Http404
    documents = Document.objects.for_user(request.user).select_related("client", "kind")
    return get_object_or_404(documents, pk=pk)


@permission_required("documents.add_document", raise_exception=True)
@require_http_methods(["GET", "POST"])
def document_create(request, pk: int):
    client = scoped_client(request, pk)
    form = DocumentForm(
        request.POST or None, request.FILES or None, initial={"date": timezone.localdate()}
    )

    def perform(data):
        services.add_document(
            client=client,
            kind=data["kind"],
            description=data["description"],
            on=data["date"],
            file=data["file"],
            name=data["file"].name,
            by=request.user,
        )
        return _("Het document is opgeslagen.")

    return client_action(request, client, form, perform, title=_("Document toevoegen"))


@require_http_methods(["GET"])
def document_download(request, pk: int):
    """The file, only through here: scoped (404 outside), logged, as an attachment that the
    browser may not sniff into something else."""
    document = scoped_document(request, pk)
    access.log_access(
        user=request.user,
        client=document.client,
        action=AccessAction.DOWNLOAD,
        detail=_("Document gedownload: %(description)s") % {"description": document.description},
        obj=document,
    )
    response = FileResponse(
        services.read_document(document),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required("documents.delete_document", raise_exception=True)
@require_POST
def document_delete(request, pk: int):
    document = scoped_document(request, pk)
    client_pk = document.client_id
    services.remove_document(document=document, by=request.user)
    messages.success(request, _("Het document is verwijderd."))
    return redirect("clients:client_detail", pk=client_pk)
