"""Adding and removing documents on a client file. The file and the row go together: nothing is
stored when either write fails (docs/security.md, "Documents on the file")."""

from __future__ import annotations

import io
import logging
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils.translation import gettext as _

from clients.access import log_access
from clients.models import AccessAction, Client
from documents.filetypes import TYPES, name_matches, sniff
from documents.models import Document, DocumentKind
from documents.storage import documents_storage
from organisations.models import User

logger = logging.getLogger(__name__)

HEAD_BYTES = 16


def allowed_names() -> str:
    return ", ".join(file_type.code.upper() for file_type in TYPES)


def megabytes(size: int) -> str:
    """A size in MB as a Dutch reader writes it, to one decimal: "20", "0,5"."""
    return f"{round(size / 1024 / 1024, 1):g}".replace(".", ",")


def check_upload(file: File, name: str):
    """The file's type by its content, or a Dutch refusal: empty, too large, a type Opstap does
    not keep, or content that does not match the name."""
    size = file.size
    if not size:
        raise ValidationError({"file": _("Het bestand is leeg.")})
    limit = settings.OPSTAP_DOCUMENT_MAX_BYTES
    if size > limit:
        raise ValidationError(
            {
                "file": _("Het bestand is te groot (%(size)s MB); het maximum is %(max)s MB.")
                % {"size": megabytes(size), "max": megabytes(limit)}
            }
        )
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    file_type = sniff(head, file)
    if file_type is None:
        raise ValidationError(
            {
                "file": _("Dit soort bestand kan niet bewaard worden. Toegestaan: %(types)s.")
                % {"types": allowed_names()}
            }
        )
    if not name_matches(name, file_type):
        raise ValidationError(
            {
                "file": _(
                    "De inhoud van het bestand past niet bij de naam: het is een %(type)s-bestand."
                )
                % {"type": file_type.code.upper()}
            }
        )
    return file_type


@transaction.atomic
def add_document(
    *,
    client: Client,
    kind: DocumentKind,
    description: str,
    on: date,
    file: File,
    name: str,
    by: User,
) -> Document:
    """Check the file by its content, write it to the private storage, then the row. A failing
    row write removes the file again; a failing file write leaves no row."""
    file_type = check_upload(file, name)
    document = Document(
        client=client,
        kind=kind,
        description=description,
        date=on,
        original_name=PurePath(name).name[:200],
        file_type=file_type.code,
        size=file.size,
        uploaded_by=by,
    )
    document.file.save("upload", file, save=False)  # the storage first: raises, nothing stored
    try:
        document.full_clean(exclude=["file"])
        with transaction.atomic():
            document.save()
            log_access(
                user=by,
                client=client,
                action=AccessAction.CREATE,
                detail=_("Document toegevoegd: %(kind)s") % {"kind": kind.name},
                obj=document,
            )
    except BaseException:
        documents_storage().delete(document.file.name)
        raise
    return document


def add_generated_document(
    *, client: Client, kind_code: str, description: str, on: date, content: bytes, name: str, by
) -> Document:
    """A document Opstap made itself (a letter's PDF), checked like an upload."""
    return add_document(
        client=client,
        kind=DocumentKind.objects.get(code=kind_code),
        description=description,
        on=on,
        file=ContentFile(content),
        name=name,
        by=by,
    )


def _delete_file_after_commit(name: str) -> None:
    def delete() -> None:
        try:
            documents_storage().delete(name)
        except OSError:
            logger.exception("Documentbestand kon niet verwijderd worden")

    transaction.on_commit(delete)


@transaction.atomic
def remove_document(*, document: Document, by: User) -> None:
    """The row goes now (the change history records it), the file when the transaction commits."""
    name = document.file.name
    log_access(
        user=by,
        client=document.client,
        action=AccessAction.UPDATE,
        detail=_("Document verwijderd: %(description)s") % {"description": document.description},
        obj=document,
    )
    document.delete()
    _delete_file_after_commit(name)


def remove_client_documents(*, client: Client) -> int:
    """Every document of a client, rows and files (retention). Returns how many."""
    documents = list(Document.objects.filter(client=client))
    for document in documents:
        name = document.file.name
        document.delete()
        _delete_file_after_commit(name)
    return len(documents)


def read_document(document: Document) -> io.BufferedIOBase:
    return documents_storage().open(document.file.name, "rb")
