"""A manager (a teamleider, who may also see clients) opens the dashboard, asks for a month,
waits for the report, reads it, drills into uitstroom naar werk and downloads the XLSX, which
holds the numbers on the page."""

from __future__ import annotations

import io

import openpyxl
from django.utils import timezone
from playwright.sync_api import Page, expect

from core.dates import add_months
from reporting.models import ReportRun
from reporting.services import last_complete_month
from tests.browser.helpers import check_a11y, login


def figure(page: Page, section: str, label: str) -> str:
    """The number in a report table, by its section's id and its row label."""
    row = page.locator(f"table#{section} tr").filter(
        has=page.get_by_role("rowheader", name=label, exact=True)
    )
    return row.get_by_role("cell").inner_text().strip()


def test_manager_reads_a_monthly_report_drills_down_and_downloads_it(page: Page):
    login(page, "teamleider")
    page.get_by_role("link", name="Rapportages").click()
    expect(page.get_by_role("heading", name="Verloop over 24 maanden")).to_be_visible()
    check_a11y(page, "manager 01 dashboard")

    # A month in the future is refused in the page; nothing is requested.
    page.get_by_role("textbox", name="Maand", exact=True).fill(
        f"{timezone.localdate().year + 1}-01"
    )
    page.get_by_role("button", name="Rapportage berekenen").click()
    expect(page.get_by_role("alert")).to_contain_text("niet aangevraagd")
    check_a11y(page, "manager 02 month refused")
    assert not ReportRun.objects.filter(month__gt=timezone.localdate()).exists()

    # A month the demo has no report for: asked, built, shown.
    older = add_months(last_complete_month(timezone.localdate()), -40)
    page.get_by_role("textbox", name="Maand", exact=True).fill(f"{older:%Y-%m}")
    page.get_by_role("button", name="Rapportage berekenen").click()
    expect(
        page.get_by_role("table").filter(has_text="Stand eind van de maand").first
    ).to_be_visible()
    check_a11y(page, "manager 03 report asked for")
    assert (
        ReportRun.objects.get(month=older, municipality__name="Leidschendam-Voorburg").status
        == "klaar"
    )

    # The report of the month with the most uitstroom naar werk, then the clients behind it.
    run = max(
        ReportRun.objects.filter(municipality__name="Leidschendam-Voorburg", status="klaar"),
        key=lambda r: r.figures["uitstroom_per_groep"].get("werk", 0),
    )
    werk = run.figures["uitstroom_per_groep"]["werk"]
    assert werk > 0
    page.goto(f"/rapportages/{run.municipality_id}/{run.month.year}/{run.month.month}/")
    check_a11y(page, "manager 04 report")
    assert figure(page, "uitstroom", "Werk") == str(werk)
    shown = {
        label: figure(page, "stromen", label)
        for label in [
            "Stand begin van de maand",
            "Instroom",
            "Uitstroom",
            "Stand eind van de maand",
        ]
    }
    page.locator("table#uitstroom tr").filter(has=page.get_by_role("rowheader", name="Werk", exact=True)).get_by_role("link").click()  # fmt: skip
    expect(page.get_by_role("heading", level=1)).to_contain_text("Werk")
    check_a11y(page, "manager 05 clients behind uitstroom naar werk")
    assert page.locator("tbody tr").count() == werk
    page.go_back()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download als Excel (XLSX)").click()
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    values = {row[3]: row[4] for row in sheet.iter_rows(min_row=2, values_only=True)}
    for label, number in shown.items():
        assert str(values[label]) == number.replace(".", ""), label
    assert values["Werk"] == werk


def test_manager_sees_a_voorlopig_month_and_reads_an_earlier_version(page: Page):
    """Last month is voorlopig until the restart days have passed; asking for it again keeps the
    first build as version 1, readable from the list of versions."""
    login(page, "teamleider")
    last = last_complete_month(timezone.localdate())
    run = ReportRun.objects.get(month=last, municipality__name="Leidschendam-Voorburg")
    page.goto(f"/rapportages/{run.municipality_id}/{last.year}/{last.month}/")
    expect(page.locator("[data-finality]")).to_contain_text("Voorlopig")
    expect(page.locator("[data-finality]")).to_contain_text("De maand wordt definitief op")

    page.get_by_role("button", name="Rapportage berekenen").click()
    expect(page.get_by_role("heading", name="Versies")).to_be_visible()
    check_a11y(page, "manager 06 voorlopig month with two versions")
    page.get_by_role("link", name="Versie 1", exact=True).click()
    expect(page.locator("[data-version]")).to_contain_text("U bekijkt versie 1")
    check_a11y(page, "manager 07 an earlier version")
    assert run.versions.count() == 2

    # Version 1 lists whom it counted: as many rows as its figure, in its own version.
    stand = figure(page, "stromen", "Stand eind van de maand").replace(".", "")
    page.locator("table#stromen tr").filter(has=page.get_by_role("rowheader", name="Stand eind van de maand", exact=True)).get_by_role("link").click()  # fmt: skip
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stand eind van de maand")
    expect(page.locator("[data-rows]")).to_have_attribute("data-rows", stand)
    expect(page.get_by_role("link", name="Terug naar versie 1 van de rapportage")).to_be_visible()
    check_a11y(page, "manager 08 clients behind an earlier version")
