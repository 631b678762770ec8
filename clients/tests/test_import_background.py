"""Large caseload files are checked and imported by the worker, with progress on the page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from kombu.exceptions import OperationalError

from clients import tasks
from clients.importer import background, service
from clients.importer.storage import status_path
from clients.models import Client
from clients.tests.importing import csv_file, line, make_user, new_bsn

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def import_dir(settings, tmp_path):
    settings.OPSTAP_IMPORT_DIR = str(tmp_path)
    return tmp_path


@pytest.fixture(autouse=True)
def small_files_are_large(settings):
    settings.OPSTAP_IMPORT_BACKGROUND_BYTES = 100


def _upload(client, data: bytes):
    return client.post(
        reverse("clients:import_upload"), {"file": SimpleUploadedFile("caseload.csv", data)}
    )


def test_a_large_file_is_checked_and_imported_by_the_worker(client, consulent, wassenaar):
    client.force_login(consulent)
    bsns = [new_bsn() for _ in range(3)]

    response = _upload(client, csv_file([line(bsn) for bsn in bsns]))
    status_url = response.url
    assert status_url.endswith("/voortgang/")
    # Eager without a broker: the check is done by the time the page is asked for.
    page = client.get(status_url).content.decode()
    assert "geen fouten" in page
    assert "Import bevestigen" in page
    assert not Client.objects.exists()

    token = status_url.rstrip("/").split("/")[-2]
    response = client.post(reverse("clients:import_confirm", args=[token]))
    assert response.url == status_url
    response = client.get(status_url, follow=True)
    assert "De caseload is geïmporteerd: 3 nieuw" in response.content.decode()
    assert set(Client.objects.values_list("bsn", flat=True)) == set(bsns)


def test_the_page_shows_progress_while_the_worker_has_the_file(
    client, consulent, wassenaar, monkeypatch
):
    queued = []
    monkeypatch.setattr(tasks.run_import, "delay", lambda *args: queued.append(args))
    client.force_login(consulent)
    status_url = _upload(client, csv_file([line(new_bsn()) for _ in range(5)])).url

    page = client.get(status_url).content.decode()
    assert "Het bestand wacht op verwerking." in page
    assert '<progress class="w-100" id="import-progress"' in page
    polled = client.get(status_url, headers={"accept": "application/json"}).json()
    assert polled == {
        "finished": False,
        "done": 0,
        "total": None,
        "text": "Het bestand wacht op verwerking.",
    }

    # The worker reports every PROGRESS_EVERY rows; the page shows where it is.
    seen = []
    write = background._write_status

    def record(user, token, **status):
        write(user, token, **status)
        seen.append((status["state"], status["done"], status["total"]))
        if status["state"] == background.RUNNING and 0 < status["done"] < status["total"]:
            polled = client.get(status_url, headers={"accept": "application/json"}).json()
            seen.append(polled["text"])

    monkeypatch.setattr(background, "_write_status", record)
    monkeypatch.setattr(service, "PROGRESS_EVERY", 2)
    ((_user_id, token, phase),) = queued
    background.run_import(user=consulent, token=token, phase=phase)

    assert seen[0] == (background.RUNNING, 0, 5)
    assert "Gecontroleerd: 2 van 5 regels." in seen
    assert seen[-1] == (background.DONE, 5, 5)
    assert "Import bevestigen" in client.get(status_url).content.decode()


def test_without_a_reachable_broker_the_upload_says_so_and_keeps_nothing(
    client,
    consulent,
    wassenaar,
    monkeypatch,
    import_dir,
):
    def unreachable(*args):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.run_import, "delay", unreachable)
    client.force_login(consulent)

    response = _upload(client, csv_file([line(new_bsn())]))

    assert response.status_code == 200
    assert "De verwerking op de achtergrond is nu niet bereikbaar" in response.content.decode()
    assert list((import_dir / "opstap-import").iterdir()) == []


def test_another_users_file_is_not_shown(client, consulent, organisation, wassenaar, monkeypatch):
    monkeypatch.setattr(tasks.run_import, "delay", lambda *args: None)
    client.force_login(consulent)
    status_url = _upload(client, csv_file([line(new_bsn())])).url
    token = status_url.rstrip("/").split("/")[-2]
    assert status_path(consulent, token).exists()

    client.force_login(make_user("w.devries", organisation, wassenaar))
    response = client.get(status_url, follow=True)
    assert "niet (meer) beschikbaar" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("clients:import_upload")
