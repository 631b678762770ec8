"""Caseload import: the check-then-confirm flow, every refusal, scoping, speed in queries."""

from __future__ import annotations

import io
import random
import zipfile
from datetime import date

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.urls import reverse

from clients.demo import random_bsn
from clients.importer import COLUMNS, ImportReport, import_caseload
from clients.models import (
    AccessAction,
    AccessLog,
    AccessResult,
    BenefitPeriod,
    Client,
    EndReason,
)
from organisations.models import Municipality, Organisation, User
from organisations.roles import CONSULENT

pytestmark = pytest.mark.django_db

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
        csv_file([{}], header=(*COLUMNS, "telefoon")),
        "Deze kolommen zijn onbekend: telefoon.",
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
