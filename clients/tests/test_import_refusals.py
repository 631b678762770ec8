"""Caseload import: every refusal (per row, of the whole file), all or nothing, scoping."""

# ruff: noqa: F811 (the fixtures of importing.py, imported by name)

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse

from clients.importer import COLUMNS
from clients.models import (
    AccessAction,
    AccessLog,
    AccessResult,
)
from clients.tests.importing import (  # noqa: F401 (fixtures)
    consulent,
    counts,
    csv_file,
    existing_client,
    import_dir,
    line,
    messages_of,
    new_bsn,
    run,
    voorschoten,
    voorschoten_consulent,
    wassenaar,
)

pytestmark = pytest.mark.django_db


# --- refusals per row ---------------------------------------------------------------------------

REFUSALS = [
    pytest.param({"bsn": "123456789"}, "bsn", "elfproef", id="invalid-bsn"),
    pytest.param({"bsn": ""}, "bsn", "Vul het BSN in", id="empty-bsn"),
    pytest.param({"achternaam": ""}, "achternaam", "Vul de achternaam in", id="no-last-name"),
    pytest.param(
        {"einddatum": "2022-12-31", "reden_einde": "11"},
        "einddatum",
        "De einddatum ligt vóór de ingangsdatum",
        id="end-before-start",
    ),
    pytest.param(
        {"gemeentecode": "9999"},
        "gemeentecode",
        "Onbekende gemeentecode of geen toegang",
        id="unknown-municipality",
    ),
    pytest.param(
        {"einddatum": "2024-01-31", "reden_einde": "99"},
        "reden_einde",
        "Onbekende code voor de reden beëindiging",
        id="unknown-end-reason",
    ),
    pytest.param(
        {"einddatum": "2024-01-31"},
        "reden_einde",
        "Bij een einddatum hoort een reden beëindiging",
        id="end-without-reason",
    ),
    pytest.param({"reden_einde": "11"}, "einddatum", "geen einddatum", id="reason-without-end"),
    pytest.param(
        {"geboortedatum": "1899-12-31"}, "geboortedatum", "vóór 1900", id="date-before-1900"
    ),
    pytest.param(
        {"ingangsdatum": "2099-01-01"}, "ingangsdatum", "jaar in de toekomst", id="date-far-ahead"
    ),
    pytest.param(
        {"geboortedatum": "31-02-1980"}, "geboortedatum", "Geen geldige datum", id="impossible-date"
    ),
    pytest.param(
        {"ingangsdatum": "1/1/2023"},
        "ingangsdatum",
        "JJJJ-MM-DD of DD-MM-JJJJ",
        id="other-date-format",
    ),
    pytest.param(
        {"consulent": "niemand"}, "consulent", "Onbekende consulent", id="unknown-consulent"
    ),
    pytest.param({"voornamen": "A" * 201}, "voornamen", "hooguit 200 tekens", id="too-long"),
]


@pytest.mark.parametrize(("values", "column", "message"), REFUSALS)
def test_refused_row_names_row_column_and_reason_and_saves_nothing(
    consulent, wassenaar, values, column, message
):
    good = line(new_bsn())
    bad = line(new_bsn()) | values

    report = run(consulent, csv_file([good, bad]))

    assert not report.imported
    assert counts() == (0, 0, 0)
    assert [(error.row, error.column) for error in report.errors] == [(3, column)]
    assert message in report.errors[0].message
    assert report.created == 1  # the good row is counted, and still not saved


def test_report_shows_a_refused_bsn_masked(consulent, wassenaar):
    report = run(consulent, csv_file([line("123456789")]))

    assert report.errors[0].value == "******789"


def test_consulent_of_another_municipality_is_refused(consulent, voorschoten_consulent, wassenaar):
    report = run(consulent, csv_file([line(new_bsn(), consulent="v.bakker")]))

    assert messages_of(report) == ["Deze consulent werkt niet voor deze gemeente."]
    assert counts() == (0, 0, 0)


def test_duplicate_bsn_in_the_file_is_refused(consulent, wassenaar):
    bsn = new_bsn()

    report = run(consulent, csv_file([line(bsn), line(new_bsn()), line(bsn)]))

    assert [(error.row, error.column) for error in report.errors] == [(4, "bsn")]
    assert "staat ook in regel 2" in report.errors[0].message
    assert counts() == (0, 0, 0)


def test_same_bsn_with_other_person_data_is_refused(consulent, wassenaar):
    bsn = new_bsn()

    report = run(
        consulent,
        csv_file(
            [
                line(bsn, ingangsdatum="2018-01-01", einddatum="2018-12-31", reden_einde="11"),
                line(bsn, voornamen="Anne", ingangsdatum="2023-01-01"),
            ]
        ),
    )

    assert "met andere persoonsgegevens" in messages_of(report)[0]
    assert counts() == (0, 0, 0)


def test_overlapping_periods_within_the_file_are_refused(consulent, wassenaar):
    bsn = new_bsn()

    report = run(
        consulent,
        csv_file(
            [
                line(bsn, ingangsdatum="2020-01-01", einddatum="2023-06-30", reden_einde="11"),
                line(bsn, ingangsdatum="2023-01-01"),
            ]
        ),
    )

    assert [(error.row, error.column) for error in report.errors] == [(3, "ingangsdatum")]
    assert report.errors[0].message == "Deze uitkering overlapt met de uitkering in regel 2."
    assert counts() == (0, 0, 0)


def test_period_overlapping_one_in_the_database_is_refused(consulent, wassenaar):
    bsn = new_bsn()
    existing_client(bsn, wassenaar, start=date(2020, 1, 1))
    before = counts()

    report = run(consulent, csv_file([line(bsn, ingangsdatum="2023-01-01")]))

    assert messages_of(report) == [
        "Deze uitkering overlapt met de bestaande uitkering vanaf 01-01-2020 (lopend)."
    ]
    assert counts() == before


# --- refusals of the whole file ----------------------------------------------------------------


def _zip_that_is_not_a_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "geen werkmap")
    return buffer.getvalue()


FILE_REFUSALS = [
    pytest.param(b"", "Het bestand is leeg.", id="empty"),
    pytest.param(b"\r\n\r\n", "Het bestand is leeg.", id="blank-lines"),
    pytest.param(csv_file([]), "alleen een kopregel", id="header-only"),
    pytest.param(
        csv_file([{}], header=tuple(c for c in COLUMNS if c not in ("gemeentecode", "consulent"))),
        "Deze kolommen ontbreken: gemeentecode, consulent.",
        id="missing-columns",
    ),
    pytest.param(
        csv_file([{}], header=(*COLUMNS, "faxnummer")),
        "Deze kolommen zijn onbekend: faxnummer.",
        id="extra-column",
    ),
    pytest.param(
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n",
        "geen CSV- of Excelbestand",
        id="pdf-renamed",
    ),
    pytest.param(bytes(range(256)) * 40, "geen CSV- of Excelbestand", id="binary-garbage"),
    pytest.param(_zip_that_is_not_a_workbook(), "geen CSV- of Excelbestand", id="other-zip"),
    pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "(.xls)", id="old-xls"),
    pytest.param("bsn;voornamen\nJosé;Müller\n".encode("cp1252"), "geen UTF-8", id="cp1252"),
]


@pytest.mark.parametrize(("data", "message"), FILE_REFUSALS)
def test_unreadable_file_is_refused_with_a_message(consulent, wassenaar, data, message):
    report = run(consulent, data)

    assert not report.imported
    assert any(message in text for text in report.file_errors), report.file_errors
    assert counts() == (0, 0, 0)


def test_row_with_wrong_number_of_fields_is_refused(consulent, wassenaar):
    data = csv_file([line(new_bsn())]) + b"123;Anna\r\n"

    report = run(consulent, data)

    assert [error.row for error in report.errors] == [3]
    assert "2 velden, de kopregel 10" in report.errors[0].message


# --- all or nothing -------------------------------------------------------------------------


def test_failure_while_writing_leaves_nothing_behind(consulent, wassenaar, monkeypatch):
    existing = existing_client(new_bsn(), wassenaar)
    before = counts()

    def broken(self, plan):
        raise IntegrityError("access log unavailable")

    monkeypatch.setattr("clients.importer.writing._LogTexts.detail", broken)
    report = run(
        consulent,
        csv_file(
            [
                line(new_bsn()),
                line(existing.bsn, achternaam="Anders", ingangsdatum="2022-01-01"),
            ]
        ),
    )

    assert not report.imported
    assert "Er is niets geïmporteerd" in report.file_errors[0]
    assert counts() == before
    existing.refresh_from_db()
    assert existing.last_name == "Jansen"


# --- scoping ------------------------------------------------------------------------------------


def test_municipality_outside_scope_gets_the_same_message_as_an_unknown_one(
    consulent, wassenaar, voorschoten
):
    report = run(
        consulent,
        csv_file([line(new_bsn(), gemeentecode="0626"), line(new_bsn(), gemeentecode="9999")]),
    )

    assert messages_of(report) == ["Onbekende gemeentecode of geen toegang."] * 2
    assert counts() == (0, 0, 0)


def test_bsn_of_a_client_in_another_municipality_is_refused_without_details(
    client, consulent, wassenaar, voorschoten
):
    bsn = new_bsn()
    other = existing_client(bsn, voorschoten, last_name="Pietersen")
    client.force_login(consulent)

    response = client.post(
        reverse("clients:import_upload"),
        {
            "file": SimpleUploadedFile("caseload.csv", csv_file([line(bsn, achternaam="Jansen")])),
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    # The screens' neutral words: nothing says the person is known elsewhere.
    assert "Dit BSN kan hier niet worden geregistreerd" in html
    assert "buiten uw gemeenten" not in html
    assert "Import bevestigen" not in html
    for secret in ("Pietersen", "Voorschoten", bsn, "01-01-2022"):
        assert secret not in html
    other.refresh_from_db()
    assert (other.last_name, other.municipality) == ("Pietersen", voorschoten)
    # Voorschoten sees the attempt on its client's file.
    refused = AccessLog.objects.get(client=other, user=consulent)
    assert (refused.action, refused.result) == (AccessAction.IMPORT, AccessResult.REFUSED)
