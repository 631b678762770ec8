"""Caseload import: the pages, the management command, and queries that do not grow with the rows."""

# ruff: noqa: F811 (the fixtures of importing.py, imported by name)

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from clients.models import (
    AccessAction,
    AccessLog,
    BenefitPeriod,
    Client,
)
from clients.tests.importing import (  # noqa: F401 (fixtures)
    consulent,
    csv_file,
    existing_client,
    import_dir,
    line,
    make_user,
    new_bsn,
    organisation,
    run,
    wassenaar,
    work,
    xlsx_file,
)

pytestmark = pytest.mark.django_db


# --- views ----------------------------------------------------------------------------------


def test_upload_and_confirm_imports_and_lands_on_the_caseload(client, consulent, wassenaar):
    client.force_login(consulent)
    page = client.get(reverse("clients:import_upload"))
    assert page.status_code == 200
    assert "Caseload-export (CSV of Excel)" in page.content.decode()
    assert 'enctype="multipart/form-data"' in page.content.decode()

    data = csv_file([line(new_bsn()), line(new_bsn())])
    response = client.post(
        reverse("clients:import_upload"), {"file": SimpleUploadedFile("caseload.csv", data)}
    )

    html = response.content.decode()
    assert 'data-count="created">2<' in html
    assert "Import bevestigen" in html
    assert Client.objects.count() == 0

    token = response.context["token"]
    # Opening the confirm address again shows the same report, checked again.
    again_checked = client.get(reverse("clients:import_confirm", args=[token]))
    assert 'data-count="created">2<' in again_checked.content.decode()
    done = client.post(reverse("clients:import_confirm", args=[token]), follow=True)

    assert done.redirect_chain[-1][0] == reverse("clients:client_list")
    assert "De caseload is geïmporteerd: 2 nieuw" in done.content.decode()
    assert Client.objects.count() == 2
    # The file is gone: confirming twice imports nothing more.
    again = client.post(reverse("clients:import_confirm", args=[token]), follow=True)
    assert "niet (meer) beschikbaar" in again.content.decode()


def test_report_with_errors_has_no_confirm_button(client, consulent, wassenaar):
    client.force_login(consulent)

    response = client.post(
        reverse("clients:import_upload"),
        {
            "file": SimpleUploadedFile("caseload.csv", csv_file([line("123456789")])),
        },
    )

    html = response.content.decode()
    assert 'data-count="errors">1<' in html
    assert "elfproef" in html
    assert "******789" in html
    assert "Import bevestigen" not in html
    assert response.context["token"] is None


def test_file_level_error_shows_on_the_upload_form(client, consulent, wassenaar):
    client.force_login(consulent)

    response = client.post(
        reverse("clients:import_upload"),
        {
            "file": SimpleUploadedFile("caseload.csv", b"%PDF-1.4\nbinary\x00\x01\x02"),
        },
    )

    assert response.status_code == 200
    assert "geen CSV- of Excelbestand" in response.content.decode()


def test_file_over_the_limit_is_refused_naming_the_limit(client, consulent, wassenaar, settings):
    settings.OPSTAP_IMPORT_MAX_BYTES = 1024 * 1024
    client.force_login(consulent)

    response = client.post(
        reverse("clients:import_upload"),
        {
            "file": SimpleUploadedFile("caseload.csv", b"x" * (1024 * 1024 + 1)),
        },
    )

    assert "de limiet is 1 MB" in response.content.decode()


def test_another_users_token_imports_nothing(client, consulent, organisation, wassenaar):
    client.force_login(consulent)
    response = client.post(
        reverse("clients:import_upload"),
        {
            "file": SimpleUploadedFile("caseload.csv", csv_file([line(new_bsn())])),
        },
    )
    token = response.context["token"]
    colleague = make_user("w.devries", organisation, wassenaar)
    client.force_login(colleague)

    refused = client.post(reverse("clients:import_confirm", args=[token]), follow=True)

    assert "niet (meer) beschikbaar" in refused.content.decode()
    assert Client.objects.count() == 0


def test_confirm_checks_again_and_refuses_what_changed_in_between(client, consulent, wassenaar):
    bsn = new_bsn()
    client.force_login(consulent)
    response = client.post(
        reverse("clients:import_upload"),
        {
            "file": SimpleUploadedFile(
                "caseload.csv", csv_file([line(bsn, ingangsdatum="2023-01-01")])
            ),
        },
    )
    existing_client(bsn, wassenaar, start=date(2020, 1, 1))  # a colleague registers meanwhile

    refused = client.post(reverse("clients:import_confirm", args=[response.context["token"]]))

    assert "Er is niets geïmporteerd" in refused.content.decode()
    assert "overlapt met de bestaande uitkering" in refused.content.decode()
    assert BenefitPeriod.objects.count() == 1


@pytest.mark.parametrize("role", [None, "manager"])
def test_import_needs_the_import_permission(client, organisation, wassenaar, import_dir, role):
    user = make_user("zonder.recht", organisation, wassenaar, role=role)
    client.force_login(user)

    assert client.get(reverse("clients:import_upload")).status_code == 403
    upload = client.post(
        reverse("clients:import_upload"),
        {
            "file": SimpleUploadedFile("caseload.csv", csv_file([line(new_bsn())])),
        },
    )
    assert upload.status_code == 403
    token = "0f0e0d0c-0b0a-4908-8706-050403020100"
    assert client.post(reverse("clients:import_confirm", args=[token])).status_code == 403
    assert Client.objects.count() == 0


# --- management command ----------------------------------------------------------------------


def test_command_dry_run_reports_and_saves_nothing(consulent, wassenaar, tmp_path):
    path = tmp_path / "caseload.csv"
    path.write_bytes(csv_file([line(new_bsn()), line(new_bsn())]))
    out = io.StringIO()

    call_command("import_caseload", str(path), user="w.jansen", dry_run=True, stdout=out)

    assert "nieuw: 2" in out.getvalue()
    assert "Proefrun" in out.getvalue()
    assert Client.objects.count() == 0


def test_command_imports(consulent, wassenaar, tmp_path):
    path = tmp_path / "caseload.xlsx"
    path.write_bytes(
        xlsx_file(
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
            ]
        )
    )
    out, progress = io.StringIO(), io.StringIO()

    call_command("import_caseload", str(path), user="w.jansen", stdout=out, stderr=progress)

    assert "Geïmporteerd" in out.getvalue()
    assert Client.objects.filter(last_name="Visser").exists()
    # Progress goes to stderr, the report to stdout.
    assert progress.getvalue().splitlines() == [
        "Gecontroleerd: 0 van 1 regels",
        "1 regels gecontroleerd; bezig met opslaan...",
    ]


def test_command_prints_errors_and_fails(consulent, wassenaar, tmp_path):
    path = tmp_path / "caseload.csv"
    path.write_bytes(csv_file([line(new_bsn()), line("123456789")]))
    out = io.StringIO()

    with pytest.raises(CommandError, match="1 fout") as failure:
        call_command("import_caseload", str(path), user="w.jansen", stdout=out)

    assert failure.value.returncode == 1
    assert "regel 3, kolom bsn (******789)" in out.getvalue()
    assert Client.objects.count() == 0


def test_command_refuses_a_user_without_the_permission(organisation, wassenaar, tmp_path):
    make_user("zonder.recht", organisation, wassenaar, role=None)
    path = tmp_path / "caseload.csv"
    path.write_bytes(csv_file([line(new_bsn())]))

    with pytest.raises(CommandError, match="mag geen caseload importeren"):
        call_command("import_caseload", str(path), user="zonder.recht")


def test_command_max_rows_raises_the_row_limit_for_the_command_only(
    consulent, wassenaar, tmp_path, settings, client
):
    """A beheerder loads a first full file past OPSTAP_IMPORT_MAX_ROWS with --max-rows; without
    it the command, and the upload page always, keep the setting's limit."""
    settings.OPSTAP_IMPORT_MAX_ROWS = 2
    data = csv_file([line(new_bsn()) for _ in range(3)])
    path = tmp_path / "caseload.csv"
    path.write_bytes(data)

    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_caseload", str(path), user="w.jansen", stdout=out)
    assert "meer dan 2 regels" in out.getvalue()
    client.force_login(consulent)
    page = client.post(
        reverse("clients:import_upload"), {"file": SimpleUploadedFile("caseload.csv", data)}
    )
    assert "meer dan 2 regels" in page.content.decode()
    assert Client.objects.count() == 0

    out = io.StringIO()
    call_command("import_caseload", str(path), user="w.jansen", max_rows=3, stdout=out)
    assert "nieuw: 3" in out.getvalue()
    assert Client.objects.count() == 3

    with pytest.raises(CommandError, match="--max-rows moet 1 of meer zijn"):
        call_command("import_caseload", str(path), "--user", "w.jansen", "--max-rows", "0")


# --- speed: queries do not grow with the rows ---------------------------------------------------


@pytest.mark.parametrize("size", [200, 2000])
def test_number_of_queries_does_not_grow_with_rows(
    consulent, wassenaar, work, django_assert_max_num_queries, size
):
    known = [new_bsn() for _ in range(size // 2)]
    clients = Client.objects.bulk_create(
        [
            Client(
                organisation=wassenaar.organisation,
                bsn=bsn,
                first_names="Anna",
                last_name="Jansen",
                last_name_lower="jansen",
                date_of_birth=date(1980, 5, 1),
                municipality=wassenaar,
            )
            for bsn in known
        ]
    )
    BenefitPeriod.objects.bulk_create(
        [BenefitPeriod(client=c, municipality=wassenaar, start=date(2022, 1, 1)) for c in clients]
    )
    rows = [
        line(
            bsn,
            ingangsdatum="2022-01-01",
            einddatum="2024-06-30",
            reden_einde="11",
            achternaam="Jansen" if index % 2 else "Jansen-Smit",
            consulent="w.jansen",
        )
        for index, bsn in enumerate(known)
    ]
    rows += [line(new_bsn(), consulent="w.jansen") for _ in range(size - len(known))]
    data = csv_file(rows)

    with django_assert_max_num_queries(25):
        report = run(consulent, data)

    assert (report.created, report.changed, report.errors) == (size - len(known), len(known), [])
    assert BenefitPeriod.objects.filter(end=date(2024, 6, 30)).count() == len(known)
    assert AccessLog.objects.filter(action=AccessAction.IMPORT).count() == size
