"""Fixtures and helpers of the caseload import's tests (test_import*.py): an organisation with
two municipalities, consulenten, and files built in memory (CSV, XLSX, Excel-style XLSX)."""

from __future__ import annotations

import io
import random
import zipfile
from datetime import date

import openpyxl
import pytest
from django.contrib.auth.models import Group

from clients.demo import random_bsn
from clients.importer import COLUMNS, ImportReport, import_caseload
from clients.models import (
    AccessLog,
    BenefitPeriod,
    Client,
    EndReason,
)
from organisations.models import Municipality, Organisation, User
from organisations.roles import CONSULENT

_used_bsns: set[str] = set()
_bsn_rng = random.Random(629)


def new_bsn() -> str:
    return random_bsn(_bsn_rng, _used_bsns)


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def import_dir(settings, tmp_path):
    settings.OPSTAP_IMPORT_DIR = str(tmp_path)
    return tmp_path


@pytest.fixture
def organisation():
    return Organisation.objects.create(name="Werk en Inkomen Duin- en Bollenstreek")


@pytest.fixture
def wassenaar(organisation):
    return Municipality.objects.create(organisation=organisation, name="Wassenaar", cbs_code="0629")


@pytest.fixture
def voorschoten(organisation):
    return Municipality.objects.create(
        organisation=organisation, name="Voorschoten", cbs_code="0626"
    )


def make_user(username, organisation, *municipalities, role=CONSULENT):
    user = User.objects.create_user(
        username=username,
        password="geheim-wachtwoord-1",
        organisation=organisation,
        first_name=username.title(),
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    user.municipalities.add(*municipalities)
    return user


@pytest.fixture
def consulent(organisation, wassenaar):
    return make_user("w.jansen", organisation, wassenaar)


@pytest.fixture
def voorschoten_consulent(organisation, voorschoten):
    return make_user("v.bakker", organisation, voorschoten)


@pytest.fixture
def work():
    return EndReason.objects.get(code="11")


# --- helpers ---------------------------------------------------------------------------------


def line(bsn: str, **values) -> dict:
    row = {
        "bsn": bsn,
        "voornamen": "Anna",
        "tussenvoegsel": "",
        "achternaam": "Jansen",
        "geboortedatum": "1980-05-01",
        "gemeentecode": "0629",
        "ingangsdatum": "2023-01-01",
        "einddatum": "",
        "reden_einde": "",
        "consulent": "",
    }
    row.update(values)
    return row


def csv_file(
    rows: list[dict], *, sep: str = ";", bom: bool = False, header: tuple = COLUMNS
) -> bytes:
    lines = [sep.join(header)] + [
        sep.join(str(row.get(name, "")) for name in header) for row in rows
    ]
    return ("\ufeff" if bom else "").encode() + ("\r\n".join(lines) + "\r\n").encode()


def xlsx_file(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def excel_style_xlsx(rows: list[list], *, prologue: str = "") -> bytes:
    """A workbook as Excel itself writes one (openpyxl writes inline strings instead): text in
    shared strings, the first as rich text; dates as serial numbers in a date style; empty
    cells left out."""
    strings: list[str] = []
    sheet_rows = []
    for number, values in enumerate([list(COLUMNS), *rows], start=1):
        cells = []
        for index, value in enumerate(values):
            ref = f"{chr(65 + index)}{number}"
            if value is None:
                continue
            if isinstance(value, date):
                serial = (value - date(1899, 12, 30)).days
                cells.append(f'<c r="{ref}" s="1"><v>{serial}</v></c>')
            elif isinstance(value, int):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                strings.append(value)
                cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
        sheet_rows.append(f'<row r="{number}">{"".join(cells)}</row>')
    shared = [f"<si><t>{text}</t></si>" for text in strings]
    shared[0] = (
        f"<si><r><t>{strings[0][:1]}</t></r><r><rPr><b/></rPr><t>{strings[0][1:]}</t></r></si>"
    )
    parts = {
        "_rels/.rels": f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE}"><sheets><sheet '
        'name="Caseload" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{RELS}">'
        f'<Relationship Id="rId1" Type="{OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{OFFICE}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId3" Type="{OFFICE}/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": f'<styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/>'
        '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">{"".join(shared)}</sst>',
        "xl/worksheets/sheet1.xml": f'{prologue}<worksheet xmlns="{MAIN}"><sheetData>'
        f"{''.join(sheet_rows)}</sheetData></worksheet>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def run(user, data: bytes, *, commit: bool = True) -> ImportReport:
    return import_caseload(data=data, user=user, commit=commit)


def messages_of(report: ImportReport) -> list[str]:
    return [error.message for error in report.errors]


def existing_client(
    bsn,
    municipality,
    *,
    last_name="Jansen",
    start=date(2022, 1, 1),
    end=None,
    reason=None,
    consulent=None,
):
    client = Client.objects.create(
        organisation=municipality.organisation,
        bsn=bsn,
        first_names="Anna",
        last_name=last_name,
        date_of_birth=date(1980, 5, 1),
        municipality=municipality,
        consulent=consulent,
    )
    BenefitPeriod.objects.create(
        client=client, municipality=municipality, start=start, end=end, end_reason=reason
    )
    return client


def counts() -> tuple[int, int, int]:
    return Client.objects.count(), BenefitPeriod.objects.count(), AccessLog.objects.count()
