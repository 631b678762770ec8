"""Caseload files built to exhaust a worker are refused before they are parsed, with a Dutch
message, and nothing is saved (issue 16, item 5). bench/import_limits.py measures the same files
at full size: each refused in well under 2 s and 200 MB."""

# ruff: noqa: F811 (the fixtures of importing.py, imported by name)

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from clients.importer import COLUMNS, import_caseload
from clients.models import BenefitPeriod, Client
from clients.tests.importing import (  # noqa: F401 (fixtures)
    consulent,
    csv_file,
    import_dir,
    line,
    new_bsn,
    organisation,
    wassenaar,
)

pytestmark = pytest.mark.django_db

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER = "".join(
    f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{name}</t></is></c>'
    for i, name in enumerate(COLUMNS)
)


def workbook(sheet_data: str, *, dimension: str = "", shared: str | None = None) -> bytes:
    """A workbook around the given <sheetData> content, compressed as Excel does."""
    relations = (
        f'<Relationship Id="rId1" Type="{OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
    )
    parts = {
        "_rels/.rels": f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE}"><sheets><sheet '
        'name="Caseload" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}">'
        + (f'<dimension ref="{dimension}"/>' if dimension else "")
        + f"<sheetData>{sheet_data}</sheetData></worksheet>",
    }
    if shared is not None:
        relations += (
            f'<Relationship Id="rId2" Type="{OFFICE}/sharedStrings" Target="sharedStrings.xml"/>'
        )
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}">{shared}</sst>'
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<Relationships xmlns="{RELS}">{relations}</Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def refusal(user, data: bytes) -> str:
    report = import_caseload(data=data, user=user, commit=True)
    assert not report.imported
    assert not Client.objects.exists()
    assert not BenefitPeriod.objects.exists()
    assert len(report.file_errors) == 1, report.errors
    return report.file_errors[0]


def test_one_cell_at_column_kzzzzz_is_refused_naming_the_cell(consulent):
    data = workbook(f'<row r="1">{HEADER}<c r="KZZZZZ1"><v>1</v></c></row>')
    assert len(data) < 2000

    message = refusal(consulent, data)

    assert message.startswith("Cel KZZZZZ1 ligt voorbij kolom Z")
    assert "hooguit 26" in message


def test_sixty_rows_at_column_zzzzz_are_refused(consulent):
    rows = "".join(f'<row r="{n}"><c r="ZZZZZ{n}"><v>1</v></c></row>' for n in range(2, 62))

    message = refusal(consulent, workbook(f'<row r="1">{HEADER}</row>{rows}'))

    assert message.startswith("Cel ZZZZZ2 ligt voorbij kolom Z")


def test_cells_without_reference_count_as_columns_too(consulent):
    cells = "<c><v>1</v></c>" * 27

    assert "regel 2 ligt voorbij kolom Z" in refusal(
        consulent, workbook(f'<row r="1">{HEADER}</row><row>{cells}</row>')
    )


def test_a_declared_range_beyond_the_limits_is_refused_before_the_strings_are_read(consulent):
    shared = "<si><t>x</t></si>" * 10  # never read: the range comes first
    wide = workbook(f'<row r="1">{HEADER}</row>', dimension="A1:XFD1048576", shared=shared)
    long = workbook(f'<row r="1">{HEADER}</row>', dimension="A1:J1048576")

    assert refusal(consulent, wide).startswith(
        "Het bereik van het werkblad (A1:XFD1048576) ligt voorbij kolom Z"
    )
    assert refusal(consulent, long).startswith("Het bestand heeft meer dan 200.000 regels.")


def test_a_row_number_beyond_the_limit_is_refused(consulent, settings):
    settings.OPSTAP_IMPORT_MAX_ROWS = 100
    data = workbook(f'<row r="1">{HEADER}</row><row r="102"><c r="A102"><v>1</v></c></row>')

    assert refusal(consulent, data) == (
        "Het bestand heeft meer dan 100 regels. Splits het in bestanden van hooguit 100 regels."
    )


def test_a_zip_bomb_is_refused_before_it_is_unpacked(consulent, settings):
    settings.OPSTAP_IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    data = workbook(f'<row r="1">{HEADER}</row>' + "<!-- padding -->" * 100_000)
    assert len(data) < 20_000

    assert refusal(consulent, data).startswith("Het Excelbestand is uitgepakt groter dan 1 MB.")


def test_a_cell_longer_than_excel_allows_is_refused(consulent):
    text = "A" * (1100 * 1024)
    data = workbook(
        f'<row r="1">{HEADER}</row><row r="2"><c r="B2" t="inlineStr"><is><t>{text}</t></is></c></row>'
    )

    assert "een cel of onderdeel van meer dan 1024 kB" in refusal(consulent, data)


def test_more_shared_strings_than_cells_allowed_are_refused(consulent, settings):
    settings.OPSTAP_IMPORT_MAX_ROWS = 10  # 11 rows of 26 columns: 286 strings at most
    data = workbook(f'<row r="1">{HEADER}</row>', shared="<si><t>x</t></si>" * 287)

    assert refusal(consulent, data).startswith("Het bestand heeft meer dan 10 regels.")


def test_a_sheet_of_loose_elements_is_refused(consulent):
    junk = "<x/>" * 20_000

    assert "geen CSV- of Excelbestand" in refusal(
        consulent, workbook(f'<row r="1">{HEADER}</row><row r="2">{junk}</row>')
    )


def test_elements_between_the_rows_are_let_go(consulent, wassenaar):
    """Anything that is not a row is dropped as soon as it is read; the rows still import."""
    junk = "<x/>" * 20_000
    row = "".join(
        f'<c r="{chr(65 + i)}2" t="inlineStr"><is><t>{value}</t></is></c>'
        for i, value in enumerate(line(new_bsn()).values())
        if value
    )
    data = workbook(f'<row r="1">{HEADER}</row>{junk}<row r="2">{row}</row>{junk}')

    report = import_caseload(data=data, user=consulent, commit=True)

    assert (report.errors, report.created) == ([], 1)


def test_a_csv_with_more_rows_than_allowed_is_refused(consulent, settings):
    settings.OPSTAP_IMPORT_MAX_ROWS = 100
    ok = csv_file([line(new_bsn()) for _ in range(100)])
    over = csv_file([line(new_bsn()) for _ in range(101)])
    blank_lines = csv_file([line(new_bsn())]) + b"\r" * 500  # old Mac line ends count too

    assert import_caseload(data=ok, user=consulent, commit=False).ok
    assert refusal(consulent, over).startswith("Het bestand heeft meer dan 100 regels.")
    assert refusal(consulent, blank_lines).startswith("Het bestand heeft meer dan 100 regels.")


def test_a_csv_line_of_many_separators_or_characters_is_refused(consulent):
    separators = csv_file([line(new_bsn())]) + b";" * 100_000 + b"\r\n"
    characters = csv_file([line(new_bsn())]) + b"x" * 1_000_000 + b"\r\n"

    assert refusal(consulent, separators).startswith("Een veld in regel 3 ligt voorbij kolom Z")
    assert refusal(consulent, characters).startswith("Regel 3 is langer dan 256 kB.")


def test_a_quoted_separator_is_no_column(consulent, wassenaar):
    data = csv_file([line(new_bsn(), achternaam='"Jansen;;;;;;;;;;;;;;;;;;;;;;;;"')])

    report = import_caseload(data=data, user=consulent, commit=False)

    assert report.ok, report.errors


def test_errors_stop_being_kept_after_the_limit_and_are_counted(consulent, settings, client):
    settings.OPSTAP_IMPORT_MAX_ERRORS = 50
    data = csv_file([line("123", geboortedatum="gisteren") for _ in range(400)])

    report = import_caseload(data=data, user=consulent, commit=True)

    assert (len(report.errors), report.error_count, report.errors_left_out) == (50, 800, 750)
    assert not report.imported
    assert not Client.objects.exists()
    client.force_login(consulent)
    page = client.post(
        reverse("clients:import_upload"), {"file": SimpleUploadedFile("c.csv", data)}
    ).content.decode()
    assert "Er zijn 800 fouten gevonden" in page
    assert "En nog 750 fouten die hier niet worden getoond." in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            workbook(f'<row r="1">{HEADER}<c r="KZZZZZ1"><v>1</v></c></row>'),
            "Cel KZZZZZ1 ligt voorbij kolom Z",
        ),
        (
            workbook(f'<row r="1">{HEADER}</row>', dimension="A1:ZZZZZ60"),
            "Het bereik van het werkblad",
        ),
    ],
    ids=["cell", "dimension"],
)
def test_the_upload_page_refuses_with_the_message(client, consulent, data, message):
    client.force_login(consulent)

    response = client.post(
        reverse("clients:import_upload"), {"file": SimpleUploadedFile("caseload.xlsx", data)}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Client.objects.exists()


def test_the_command_refuses_with_the_message(consulent, tmp_path, capsys):
    path = tmp_path / "caseload.xlsx"
    path.write_bytes(workbook(f'<row r="1">{HEADER}<c r="KZZZZZ1"><v>1</v></c></row>'))

    with pytest.raises(CommandError) as refused:
        call_command("import_caseload", str(path), "--user", consulent.username)

    assert refused.value.returncode == 1
    assert "bestand: Cel KZZZZZ1 ligt voorbij kolom Z" in capsys.readouterr().out
    assert not Client.objects.exists()
