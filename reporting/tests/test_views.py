"""Managers' report pages: scoped, the downloads hold the page's numbers, the figures lead to the
clients behind them, asking for a month shows progress."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from core.dates import add_months
from organisations.roles import CONSULENT, MANAGER
from reporting import services
from reporting.models import ReportRun
from tests.factories import BenefitPeriodFactory, ClientFactory, UserFactory, end_reason

pytestmark = pytest.mark.django_db
MONTH = date(2026, 1, 1)


@pytest.fixture
def report(wassenaar, consulent):
    werk = end_reason("11")
    for start, end in [(date(2025, 6, 1), None), (date(2025, 7, 1), date(2026, 1, 15)),
                       (date(2026, 1, 10), None), (date(2026, 1, 12), None)]:  # fmt: skip
        person = ClientFactory(municipality=wassenaar, consulent=consulent)
        BenefitPeriodFactory(client=person, municipality=wassenaar, start=start, end=end,
                             end_reason=werk if end else None)  # fmt: skip
    run = ReportRun.objects.create(municipality=wassenaar, month=MONTH, requested_at=timezone.now())
    services.build_report(run_id=run.pk)
    run.refresh_from_db()
    return run


@pytest.fixture
def teamleider(organisation, wassenaar):
    """A manager who may also see clients (drill-down)."""
    return UserFactory(organisation=organisation, roles=[MANAGER, CONSULENT], scope=[wassenaar])


def page_figures(html: str) -> dict[str, str]:
    rows = re.findall(
        r'<th scope="row" class="fw-normal">(.*?)</th>\s*<td[^>]*>(.*?)</td>', html, re.S
    )
    clean = lambda text: " ".join(re.sub(r"<[^>]+>", " ", text).split())  # noqa: E731
    return {clean(label): clean(value) for label, value in rows}


def test_the_page_csv_and_xlsx_hold_the_same_numbers(client, teamleider, report, wassenaar):
    client.force_login(teamleider)
    base = f"/rapportages/{wassenaar.pk}/2026/1/"
    shown = page_figures(client.get(base).content.decode())
    assert shown["Stand begin van de maand"] == "2"
    assert shown["Instroom"] == "2"
    assert shown["Uitstroom"] == "1"
    assert shown["Stand eind van de maand"] == "3"
    assert shown["Werk"] == "1"

    lines = list(csv.reader(io.StringIO(client.get(base + "csv/").content.decode("utf-8-sig")), delimiter=";"))  # fmt: skip
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(base + "xlsx/").content))
    sheet = list(workbook.active.values)
    assert len(lines) == len(sheet) > 40
    for csv_row, xlsx_row in zip(lines[1:], sheet[1:], strict=True):
        label = csv_row[3] + (f" ({csv_row[5]})" if csv_row[5] else "")
        assert label in shown, (label, [k for k in shown if "werk" in k])
        page_value = shown[label].rstrip("%").replace(".", "")
        assert csv_row[4] == page_value.replace("—", "")
        if xlsx_row[4] is None:
            assert csv_row[4] == ""
        else:
            assert Decimal(str(xlsx_row[4])) == Decimal(csv_row[4].replace(",", "."))


def test_a_figure_leads_to_the_clients_behind_it(client, teamleider, report, wassenaar):
    client.force_login(teamleider)
    base = f"/rapportages/{wassenaar.pk}/2026/1/"
    for key, count in [("instroom", 2), ("uitstroom", 1), ("uitstroom:werk", 1), ("stand_eind", 3), ("stand_begin", 2)]:  # fmt: skip
        html = client.get(base + f"clienten/?cijfer={key}").content.decode()
        assert f'data-rows="{count}"' in html, key
    assert client.get(base + "clienten/?cijfer=verzonnen").status_code == 404


def test_a_manager_without_client_access_sees_figures_but_no_clients(client, organisation, wassenaar, report):  # fmt: skip
    manager = UserFactory(organisation=organisation, roles=[MANAGER], scope=[wassenaar])
    client.force_login(manager)
    html = client.get(f"/rapportages/{wassenaar.pk}/2026/1/").content.decode()
    assert "clienten/?cijfer=" not in html
    assert client.get(f"/rapportages/{wassenaar.pk}/2026/1/clienten/?cijfer=instroom").status_code == 404  # fmt: skip


def test_a_wassenaar_manager_cannot_open_voorschoten(client, organisation, wassenaar, voorschoten, teamleider):  # fmt: skip
    run = ReportRun.objects.create(
        municipality=voorschoten, month=MONTH, requested_at=timezone.now()
    )
    services.build_report(run_id=run.pk)
    client.force_login(teamleider)
    base = f"/rapportages/{voorschoten.pk}/"
    for url in ["", "2026/1/", "2026/1/csv/", "2026/1/xlsx/", "2026/1/status/", "2026/1/clienten/?cijfer=instroom"]:  # fmt: skip
        assert client.get(base + url).status_code == 404, url
    assert client.post(base + "aanvragen/", {"maand": "2026-01"}).status_code == 404
    assert not ReportRun.objects.filter(municipality=voorschoten, status="wachtrij").exists()


def test_consulenten_have_no_reports(client, consulent, wassenaar, report):
    client.force_login(consulent)
    assert client.get("/rapportages/").status_code == 404
    assert client.get(f"/rapportages/{wassenaar.pk}/2026/1/").status_code == 404


def test_asking_for_a_month_shows_progress_until_it_is_done(
    client, teamleider, wassenaar, django_capture_on_commit_callbacks
):
    client.force_login(teamleider)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(f"/rapportages/{wassenaar.pk}/aanvragen/", {"maand": "2026-01"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "wordt berekend" in page and "progress.js" in page  # noqa: PT018
    assert client.get(response["Location"] + "status/").json()["status"] == "wachtrij"

    for callback in callbacks:
        callback()
    assert client.get(response["Location"] + "status/").json()["status"] == "klaar"
    assert "Stand eind van de maand" in client.get(response["Location"]).content.decode()


def test_a_month_in_the_future_or_nonsense_is_refused_in_the_page(client, teamleider, wassenaar):
    client.force_login(teamleider)
    for value, message in [("2099-01", "Alleen afgelopen maanden"), ("jan", "Kies een maand")]:
        response = client.post(f"/rapportages/{wassenaar.pk}/aanvragen/", {"maand": value})
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not ReportRun.objects.exists()


def test_the_dashboard_shows_last_month_and_the_trend(
    client, teamleider, wassenaar, django_assert_max_num_queries
):
    last = services.last_complete_month(timezone.localdate())
    BenefitPeriodFactory(municipality=wassenaar, start=last)
    for offset in range(3):
        run = ReportRun.objects.create(municipality=wassenaar, month=add_months(last, -offset),
                                       requested_at=timezone.now())  # fmt: skip
        services.build_report(run_id=run.pk)
    client.force_login(teamleider)
    with django_assert_max_num_queries(14):
        html = client.get(f"/rapportages/{wassenaar.pk}/").content.decode()
    assert "<svg" in html and 'role="img"' in html  # noqa: PT018
    assert "Instroom, uitstroom en stand per maand" in html  # the table behind the charts
    assert '<dd class="fs-4 mb-0">1</dd>' in html  # last month's stand eind among the key figures
