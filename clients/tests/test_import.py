"""Caseload import: the check-then-confirm flow and what a good file changes."""

# ruff: noqa: F811 (the fixtures of importing.py, imported by name)

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clients.models import (
    AccessAction,
    AccessLog,
    BenefitPeriod,
    Client,
)
from clients.tests.importing import (  # noqa: F401 (fixtures)
    consulent,
    counts,
    csv_file,
    excel_style_xlsx,
    existing_client,
    import_dir,
    line,
    make_user,
    new_bsn,
    organisation,
    run,
    voorschoten,
    wassenaar,
    work,
    xlsx_file,
)

pytestmark = pytest.mark.django_db


# --- the happy paths --------------------------------------------------------------------------


def test_csv_import_creates_clients_periods_and_access_log(consulent, wassenaar, work):
    first, second = new_bsn(), new_bsn()
    data = csv_file(
        [
            line(first, consulent="w.jansen"),
            line(
                second,
                voornamen="Mohammed",
                achternaam="Bouzid",
                tussenvoegsel="",
                ingangsdatum="01-03-2021",
                einddatum="30-06-2024",
                reden_einde="11",
            ),
        ]
    )

    report = run(consulent, data)

    assert report.imported
    assert (report.created, report.changed, report.unchanged, report.errors) == (2, 0, 0, [])
    anna = Client.objects.get(bsn=first)
    assert (anna.full_name, anna.municipality, anna.consulent) == (
        "Anna Jansen",
        wassenaar,
        consulent,
    )
    ended = BenefitPeriod.objects.get(client__bsn=second)
    assert (ended.start, ended.end, ended.end_reason) == (date(2021, 3, 1), date(2024, 6, 30), work)
    log = AccessLog.objects.filter(action=AccessAction.IMPORT, user=consulent)
    assert log.count() == 2
    assert Client.objects.get(bsn=second).last_name_lower == "bouzid"


def test_check_alone_saves_nothing(consulent, wassenaar):
    report = run(consulent, csv_file([line(new_bsn())]), commit=False)

    assert (report.created, report.imported) == (1, False)
    assert counts() == (0, 0, 0)


def test_comma_separated_with_bom_and_dutch_short_dates(consulent, wassenaar):
    bsn = new_bsn()
    data = csv_file(
        [line(bsn, geboortedatum="1-5-1980", ingangsdatum="02-01-2023")], sep=",", bom=True
    )

    report = run(consulent, data)

    assert report.created == 1
    client = Client.objects.get(bsn=bsn)
    assert client.date_of_birth == date(1980, 5, 1)
    assert client.benefit_periods.get().start == date(2023, 1, 2)


def test_xlsx_import_with_real_date_cells_and_numbers(consulent, wassenaar, work):
    bsn = new_bsn()
    data = xlsx_file(
        [
            [
                int(bsn),
                "Fatima",
                "el",
                "Amrani",
                date(1975, 2, 3),
                629,
                date(2020, 1, 1),
                date(2024, 12, 31),
                11,
                "w.jansen",
            ],
        ]
    )

    report = run(consulent, data)

    assert (report.created, report.errors) == (1, [])
    client = Client.objects.get(bsn=bsn)
    assert (client.full_name, client.date_of_birth) == ("Fatima el Amrani", date(1975, 2, 3))
    period = client.benefit_periods.get()
    assert (period.end, period.end_reason) == (date(2024, 12, 31), work)


def test_workbook_as_excel_writes_it(consulent, wassenaar, work):
    bsn = new_bsn()
    data = excel_style_xlsx(
        [
            [
                int(bsn),
                "Fatima",
                None,
                "Amrani",
                date(1975, 2, 3),
                "0629",
                date(2020, 1, 1),
                date(2024, 12, 31),
                "11",
                None,
            ],
        ]
    )

    report = run(consulent, data)

    assert (report.created, report.errors) == (1, [])
    client = Client.objects.get(bsn=bsn)
    assert (client.first_names, client.date_of_birth) == ("Fatima", date(1975, 2, 3))
    assert client.benefit_periods.get().end == date(2024, 12, 31)


def test_workbook_declaring_a_dtd_is_refused(consulent, wassenaar):
    laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
    data = excel_style_xlsx(
        [
            [
                new_bsn(),
                "Sem",
                None,
                "Visser",
                date(1990, 1, 1),
                "0629",
                date(2024, 1, 1),
                None,
                None,
                None,
            ]
        ],
        prologue=laughs,
    )

    report = run(consulent, data)

    assert "geen CSV- of Excelbestand" in report.file_errors[0]
    assert counts() == (0, 0, 0)


def test_workbook_uploaded_with_a_csv_name_is_read_as_workbook(client, consulent, wassenaar):
    data = xlsx_file(
        [[new_bsn(), "Sem", None, "Visser", "1990-01-01", "0629", "2024-01-01", None, None, None]]
    )
    client.force_login(consulent)

    response = client.post(
        reverse("clients:import_upload"), {"file": SimpleUploadedFile("caseload.csv", data)}
    )

    assert response.context["report"].created == 1


def test_reimport_of_the_same_file_changes_nothing(consulent, wassenaar):
    data = csv_file(
        [
            line(new_bsn(), consulent="w.jansen"),
            line(new_bsn(), einddatum="2024-01-31", reden_einde="14"),
        ]
    )
    run(consulent, data)
    before = counts()
    versions = sorted(Client.objects.values_list("version", flat=True))

    again = run(consulent, data)

    assert (again.created, again.changed, again.unchanged, again.errors) == (0, 0, 2, [])
    assert counts() == before
    assert sorted(Client.objects.values_list("version", flat=True)) == versions


def test_known_bsn_updates_client_and_ends_its_period(consulent, wassenaar, work):
    bsn = new_bsn()
    client = existing_client(bsn, wassenaar, start=date(2022, 1, 1))

    report = run(
        consulent,
        csv_file(
            [
                line(
                    bsn,
                    achternaam="Jansen-de Vries",
                    ingangsdatum="2022-01-01",
                    einddatum="2024-03-31",
                    reden_einde="11",
                    consulent="w.jansen",
                ),
            ]
        ),
    )

    assert (report.created, report.changed, report.unchanged) == (0, 1, 0)
    client.refresh_from_db()
    assert (client.last_name, client.consulent, client.version) == ("Jansen-de Vries", consulent, 2)
    period = client.benefit_periods.get()
    assert (period.end, period.end_reason) == (date(2024, 3, 31), work)
    entry = AccessLog.objects.get(client=client)
    assert entry.action == AccessAction.IMPORT
    assert "achternaam" in entry.detail
    assert entry.client_version == 2


def test_known_bsn_gets_a_new_period_after_an_ended_one(consulent, wassenaar, work):
    bsn = new_bsn()
    client = existing_client(
        bsn, wassenaar, start=date(2018, 1, 1), end=date(2019, 12, 31), reason=work
    )

    report = run(consulent, csv_file([line(bsn, ingangsdatum="2023-06-01")]))

    assert (report.changed, report.periods_created) == (1, 1)
    assert list(client.benefit_periods.order_by("start").values_list("start", flat=True)) == [
        date(2018, 1, 1),
        date(2023, 6, 1),
    ]
    client.refresh_from_db()
    assert client.version == 1  # the person did not change, only the benefit history


def test_empty_consulent_cell_keeps_the_assigned_consulent(consulent, wassenaar):
    bsn = new_bsn()
    client = existing_client(bsn, wassenaar, consulent=consulent)

    report = run(consulent, csv_file([line(bsn, ingangsdatum="2022-01-01")]))

    assert report.unchanged == 1
    client.refresh_from_db()
    assert client.consulent == consulent


def test_one_client_moving_between_two_municipalities_in_one_file(
    organisation, wassenaar, voorschoten
):
    both = make_user("regio", organisation, wassenaar, voorschoten)
    bsn = new_bsn()

    report = run(
        both,
        csv_file(
            [
                line(
                    bsn,
                    gemeentecode="0626",
                    ingangsdatum="2019-01-01",
                    einddatum="2022-12-31",
                    reden_einde="32",
                ),
                line(bsn, gemeentecode="0629", ingangsdatum="2023-01-01"),
            ]
        ),
    )

    assert (report.created, report.periods_created) == (1, 2)
    assert Client.objects.get(bsn=bsn).municipality == wassenaar
