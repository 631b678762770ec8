"""The private storage of documents: `STORAGES["documents"]` (a folder outside the static and
media roots by default, OPSTAP_DOCUMENTS_DIR, created 0700 with files 0600; any Django storage
backend by setting). Files are only ever served by documents.views.document_download."""

from __future__ import annotations

import uuid

from django.core.files.storage import Storage, storages


def documents_storage() -> Storage:
    return storages["documents"]


def document_path(instance, filename: str) -> str:
    """A name that says nothing: the client number and a random id. The uploaded name is kept in
    the row (`original_name`), never in the path."""
    return f"{instance.client_id}/{uuid.uuid4().hex}"
