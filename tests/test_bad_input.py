"""Bad input and abuse: forged CSRF tokens, tampered ids, oversized posts, markup in text
fields, SQL metacharacters in search. Each is refused or harmless.

Oversized import files: clients/tests/test_import_views.py (test_file_over_the_limit_...); a zip
bomb posing as XLSX: here."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client as BrowserClient

from clients.models import BenefitPeriod, Client, ContactNote
from organisations.roles import CONSULENT, MANAGER
from tests.factories import ClientFactory, MunicipalityFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("xss")</script>'
IMG = '<img src=x onerror="alert(1)">'


@pytest.fixture
def teamleider(organisation, wassenaar):
    return UserFactory(organisation=organisation, roles=[CONSULENT, MANAGER], scope=[wassenaar])


@pytest.fixture
def person(consulent, wassenaar):
    return ClientFactory(municipality=wassenaar, consulent=consulent)


def _note(_person):
    return {"date": "01-02-2025", "kind": "telefoon", "text": "Gebeld"}


@pytest.mark.parametrize("token", [None, "forged" * 8])
def test_a_post_without_a_valid_csrf_token_is_refused(consulent, person, token):
    browser = BrowserClient(enforce_csrf_checks=True)
    browser.force_login(consulent)
    data = _note(person)
    if token:
        browser.cookies["csrftoken"] = token
        data["csrfmiddlewaretoken"] = token[::-1]
    response = browser.post(f"/clienten/{person.pk}/contact/nieuw/", data)
    assert response.status_code == 403
    assert not ContactNote.objects.exists()


def test_a_post_with_the_pages_csrf_token_is_accepted(consulent, person):
    browser = BrowserClient(enforce_csrf_checks=True)
    browser.force_login(consulent)
    page = browser.get(f"/clienten/{person.pk}/contact/nieuw/")
    token = page.context["csrf_token"]
    response = browser.post(
        f"/clienten/{person.pk}/contact/nieuw/", {**_note(person), "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert ContactNote.objects.count() == 1


def test_markup_in_text_fields_is_shown_as_text(consulent_client, consulent, wassenaar):
    person = ClientFactory(
        municipality=wassenaar, consulent=consulent, first_names=IMG, last_name=SCRIPT
    )
    response = consulent_client.post(
        f"/clienten/{person.pk}/contact/nieuw/",
        {"date": "01-02-2025", "kind": "telefoon", "text": f"{SCRIPT} en {IMG}"},
    )
    assert response.status_code == 302
    for path in (f"/clienten/{person.pk}/", "/clienten/", f"/clienten/{person.pk}/toegangslog/"):
        html = consulent_client.get(path).content.decode()
        assert SCRIPT not in html, path
        assert IMG not in html, path
        assert "&lt;script&gt;" in html, path


@pytest.mark.parametrize(
    "term",
    [
        "'; DROP TABLE clients_client; --",
        "' OR '1'='1",
        "%",
        "_",
        "\\",
        "a%' OR 1=1 --",
        '") OR ("1"="1',
    ],
)
def test_sql_metacharacters_in_search_are_harmless(consulent_client, consulent, wassenaar, term):
    ClientFactory(municipality=wassenaar, consulent=consulent, last_name="Jansen")
    response = consulent_client.get("/clienten/", {"q": term})
    assert response.status_code in (200, 400)
    assert "Jansen" not in response.content.decode()
    assert "clients_client" in connection.introspection.table_names()
    assert Client.objects.count() == 1


def test_a_null_character_in_search_is_refused_without_an_error(consulent_client):
    assert consulent_client.get("/clienten/", {"q": "a\x00b"}).status_code == 200


def test_another_municipalitys_id_in_a_form_field_is_refused(consulent_client, person):
    elsewhere = MunicipalityFactory(organisation=OrganisationFactory(name="Elders"), name="Elders")
    person.benefit_periods.all().delete()
    response = consulent_client.post(
        f"/clienten/{person.pk}/uitkering/starten/",
        {"municipality": elsewhere.pk, "start": "01-02-2025"},
    )
    assert response.status_code == 200  # the form again, with an error
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not BenefitPeriod.objects.filter(municipality=elsewhere).exists()


def test_a_consulent_of_another_municipality_cannot_be_assigned(
    client, teamleider, person, organisation, voorschoten
):
    other = UserFactory(organisation=organisation, roles=[CONSULENT], scope=[voorschoten])
    client.force_login(teamleider)
    response = client.post(f"/clienten/{person.pk}/toewijzen/", {"consulent": other.pk})
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.consulent_id != other.pk


def test_a_tampered_version_does_not_overwrite_silently(consulent_client, person):
    data = {
        "bsn": person.bsn,
        "first_names": person.first_names,
        "last_name": "Nieuw",
        "date_of_birth": person.date_of_birth.strftime("%d-%m-%Y"),
        "municipality": person.municipality_id,
        "household": person.household,
        "language_level": person.language_level,
        "taaleis_status": person.taaleis_status,
        "version": 999,
    }
    response = consulent_client.post(f"/clienten/{person.pk}/wijzigen/", data)
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.last_name != "Nieuw"


def test_an_oversized_post_is_refused(consulent_client, person, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    response = consulent_client.post(
        f"/clienten/{person.pk}/contact/nieuw/",
        {"date": "01-02-2025", "kind": "telefoon", "text": "x" * 200_000},
    )
    assert response.status_code == 400
    assert not ContactNote.objects.exists()


def test_a_note_over_its_length_is_refused(consulent_client, person):
    response = consulent_client.post(
        f"/clienten/{person.pk}/contact/nieuw/",
        {"date": "01-02-2025", "kind": "telefoon", "text": "x" * 10_001},
    )
    assert response.status_code == 200
    assert not ContactNote.objects.exists()


def test_a_zip_bomb_posing_as_xlsx_is_refused(consulent_client, settings):
    settings.OPSTAP_IMPORT_MAX_BYTES = 200_000  # unpacked at most 2 MB
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 5_000_000)
    assert len(buffer.getvalue()) < 200_000
    response = consulent_client.post(
        "/clienten/import/",
        {"file": SimpleUploadedFile("caseload.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 200
    assert "uitgepakt groter dan" in response.content.decode()
    assert not Client.objects.exists()
