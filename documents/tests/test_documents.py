"""Documents on the client file: checked by content, stored privately, served scoped and logged,
removed with history, exported and erased with the client."""

from __future__ import annotations

import io
import os
import stat
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from clients.avg import client_export_zip
from clients.models import AccessAction, AccessLog
from documents import services
from documents.models import Document, DocumentKind
from documents.storage import documents_storage
from documents.tests import samples
from tests.factories import BenefitPeriodFactory, ClientFactory, end_reason

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(consulent, wassenaar):
    return ClientFactory(municipality=wassenaar, consulent=consulent)


@pytest.fixture
def kind(db):
    return DocumentKind.objects.get(code="overig")


def _add(person, kind, consulent, content, name):
    return services.add_document(
        client=person, kind=kind, description="Stuk", on=date(2026, 11, 2),
        file=ContentFile(content), name=name, by=consulent,
    )  # fmt: skip


def _stored_files() -> list[str]:
    root = Path(documents_storage().location)
    return [str(path) for path in root.rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    ("content", "name", "file_type"),
    [
        (samples.PDF, "brief.pdf", "pdf"),
        (samples.PNG, "scan.PNG", "png"),
        (samples.JPEG, "foto.jpg", "jpeg"),
        (samples.DOCX, "verslag.docx", "docx"),
        (samples.XLSX, "lijst.xlsx", "xlsx"),
    ],
)
def test_each_allowed_type_is_stored_privately(person, kind, consulent, content, name, file_type):
    document = _add(person, kind, consulent, content, name)
    assert document.file_type == file_type
    assert document.original_name == name
    assert name not in document.file.name  # the path says nothing
    path = Path(documents_storage().path(document.file.name))
    assert path.read_bytes() == content
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert AccessLog.objects.filter(client=person, action=AccessAction.CREATE).count() == 1


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "leeg.pdf", "leeg"),
        (b"MZ\x90\x00 not a document", "programma.pdf", "kan niet bewaard worden"),
        (b"PK\x03\x04 broken zip", "kapot.docx", "kan niet bewaard worden"),
        (samples.office("other/thing.xml"), "ander.docx", "kan niet bewaard worden"),
        (samples.PNG, "scan.pdf", "past niet bij de naam"),
        (samples.DOCX, "verslag.xlsx", "past niet bij de naam"),
        (samples.PDF, "brief", "past niet bij de naam"),
    ],
)
def test_bad_files_are_refused_in_dutch_and_nothing_is_stored(person, kind, consulent, content, name, message):  # fmt: skip
    before = _stored_files()
    with pytest.raises(ValidationError, match=message):
        _add(person, kind, consulent, content, name)
    assert not Document.objects.exists()
    assert _stored_files() == before


def test_an_oversized_file_is_refused(person, kind, consulent, settings):
    settings.OPSTAP_DOCUMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="te groot"):
        _add(person, kind, consulent, samples.PDF, "brief.pdf")
    assert not Document.objects.exists()


def test_a_failing_row_write_leaves_no_file(person, kind, consulent, monkeypatch):
    before = _stored_files()

    def fail(*args, **kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(Document, "save", fail)
    with pytest.raises(IntegrityError):
        _add(person, kind, consulent, samples.PDF, "brief.pdf")
    assert _stored_files() == before


def test_a_failing_file_write_leaves_no_row(person, kind, consulent, monkeypatch):
    storage = documents_storage()

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(storage, "_save", fail)
    with pytest.raises(OSError, match="disk full"):
        _add(person, kind, consulent, samples.PDF, "brief.pdf")
    assert not Document.objects.exists()


def test_upload_through_the_page(consulent_client, person, kind):
    upload = SimpleUploadedFile("verslag.docx", samples.DOCX)
    response = consulent_client.post(
        f"/documenten/clienten/{person.pk}/nieuw/",
        {"file": upload, "kind": kind.pk, "description": "Verslag", "date": "2026-11-02"},
    )
    assert response.status_code == 302
    assert Document.objects.get(client=person).description == "Verslag"


def test_a_wrong_upload_shows_the_message_on_the_page(consulent_client, person, kind):
    upload = SimpleUploadedFile("foto.pdf", samples.PNG)
    response = consulent_client.post(
        f"/documenten/clienten/{person.pk}/nieuw/",
        {"file": upload, "kind": kind.pk, "description": "Foto", "date": "2026-11-02"},
    )
    assert response.status_code == 200
    assert "past niet bij de naam" in response.content.decode()
    assert not Document.objects.exists()


def test_download_is_an_attachment_with_the_right_type_and_logged(consulent_client, person, kind, consulent):  # fmt: skip
    document = _add(person, kind, consulent, samples.PDF, "brief.pdf")
    response = consulent_client.get(f"/documenten/{document.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AccessLog.objects.filter(client=person, action=AccessAction.DOWNLOAD).count() == 1


def test_download_and_removal_outside_scope_are_404(client, consulent_voorschoten, person, kind, consulent):  # fmt: skip
    document = _add(person, kind, consulent, samples.PDF, "brief.pdf")
    client.force_login(consulent_voorschoten)
    assert client.get(f"/documenten/{document.pk}/download/").status_code == 404
    assert client.post(f"/documenten/{document.pk}/verwijderen/").status_code == 404
    assert client.get(f"/documenten/clienten/{person.pk}/nieuw/").status_code == 404
    assert Document.objects.filter(pk=document.pk).exists()


def test_removal_deletes_row_and_file_and_is_in_the_history(consulent_client, person, kind, consulent, django_capture_on_commit_callbacks):  # fmt: skip
    from history.models import EVENT_MODELS

    document = _add(person, kind, consulent, samples.PDF, "brief.pdf")
    path = Path(documents_storage().path(document.file.name))
    with django_capture_on_commit_callbacks(execute=True):
        response = consulent_client.post(f"/documenten/{document.pk}/verwijderen/")
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert not path.exists()
    events = EVENT_MODELS[Document].objects.filter(pgh_obj_id=document.pk)
    assert sorted(events.values_list("pgh_label", flat=True)) == ["delete", "insert"]


def test_the_avg_export_holds_the_files(person, kind, consulent):
    document = _add(person, kind, consulent, samples.XLSX, "lijst.xlsx")
    archive = zipfile.ZipFile(io.BytesIO(client_export_zip(person)))
    assert "gegevens.json" in archive.namelist()
    assert archive.read(f"bestanden/documents.Document/{document.pk}-lijst.xlsx") == samples.XLSX


def test_retention_removes_documents_and_files(person, kind, consulent, django_capture_on_commit_callbacks):  # fmt: skip
    from security.retention import apply_retention

    BenefitPeriodFactory(
        client=person, start=date(2010, 1, 1), end=date(2012, 1, 31), end_reason=end_reason("11")
    )
    document = _add(person, kind, consulent, samples.PDF, "brief.pdf")
    path = Path(documents_storage().path(document.file.name))
    with django_capture_on_commit_callbacks(execute=True):
        assert apply_retention(date(2026, 11, 2)) == 1
    assert not Document.objects.exists()
    assert not path.exists()
