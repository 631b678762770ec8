"""A drill-down lists exactly the rows its figure counts, for the current version and for an
earlier one after the data changed (reporting/as_of.py); lists page past 1,000 rows and download
as CSV and XLSX, logged per client."""

import csv
import io
from datetime import date
from unittest import mock

import openpyxl
import pytest
from django.utils import timezone

from categorisation.models import Assessment
from categorisation.services import withdraw_effective
from clients.models import AccessLog, BenefitPeriod, Client
from organisations.roles import CONSULENT, MANAGER
from reporting import services
from reporting.drill import Rows, rows_sql
from reporting.models import ReportRun, ReportVersion
from reporting.queries import Month
from reporting.report import sections
from tests.factories import BenefitPeriodFactory, ClientFactory, UserFactory, end_reason
from trajectories.models import Provider, Trajectory, TrajectoryType

pytestmark = pytest.mark.django_db
MARCH = date(2025, 3, 1)


def build_on(day: date, run: ReportRun) -> ReportVersion:
    ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.QUEUED)
    with mock.patch.object(timezone, "localdate", return_value=day):
        services.build_report(run_id=run.pk)
    return ReportVersion.objects.filter(run=run).order_by("-number").first()


def listed(version: ReportVersion, key: str) -> int:
    sql, params = rows_sql(municipality_id=version.run.municipality_id,
                           month=Month.of(version.run.month), key=key, version=version)  # fmt: skip
    return Rows(Client.objects.all(), sql, params).count()


def streamed(response) -> str:
    """A streamed CSV download's text."""
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8-sig")


def every_figure(version: ReportVersion) -> dict[str, int]:
    """Each drill-down key on the version's page with the number the page shows."""
    return {
        row.drill: row.value
        for section in sections(version.figures)
        for row in section.rows
        if row.drill
    }


def test_every_drill_down_of_every_version_lists_its_figure(history, wassenaar, consulent):
    run = ReportRun.objects.create(municipality=wassenaar, month=MARCH, requested_at=timezone.now())  # fmt: skip
    first = build_on(date(2025, 5, 1), run)
    # Then the data change: Eva's end moves back, Bo's assessment is withdrawn, Al ends in
    # March, a new client starts in March, a trajectory is added.
    BenefitPeriod.objects.filter(client=history["Eva"]).update(end=date(2025, 2, 10))
    withdraw_effective(entry=Assessment.objects.get(client=history["Bo"]), reason="Fout", by=consulent)  # fmt: skip
    BenefitPeriod.objects.filter(client=history["Al"]).update(end=date(2025, 3, 5), end_reason=end_reason("11"))  # fmt: skip
    fem = ClientFactory(municipality=wassenaar, last_name="Fem")
    BenefitPeriodFactory(client=fem, start=date(2025, 3, 2))
    Trajectory.objects.create(
        client=fem, type=TrajectoryType.objects.order_by("pk").first(),
        provider=Provider.objects.get(name="Aanbieder"),
        municipality=wassenaar, planned_start=date(2025, 3, 4), planned_end=date(2025, 6, 4),
        actual_start=date(2025, 3, 4), status="lopend",
    )  # fmt: skip
    second = build_on(date(2025, 5, 2), run)

    assert first.figures != second.figures  # the changes moved figures
    for version in (first, second):
        figures = every_figure(version)
        kinds = {key.split(":")[0] for key, value in figures.items() if value}
        assert {"stand_begin", "instroom", "uitstroom", "stand_eind", "herinstroom", "jaar",
                "categorie", "leeftijd", "duur", "doelgroep", "consulent", "traject"} <= kinds  # fmt: skip
        assert {key: listed(version, key) for key in figures} == figures, version.number
    # A client with two spells this year is in year-to-date instroom twice, with both dates.
    sql, params = rows_sql(municipality_id=wassenaar.pk, month=Month.of(MARCH), key="jaar:instroom", version=first)  # fmt: skip
    bo = [(start, end) for client, start, end in Rows(Client.objects.all(), sql, params)[0:None] if client == history["Bo"]]  # fmt: skip
    assert bo == [(date(2025, 1, 5), date(2025, 1, 31)), (date(2025, 3, 10), None)]


def test_an_older_version_lists_who_it_counted_then(client, history, wassenaar, organisation):
    run = ReportRun.objects.create(municipality=wassenaar, month=MARCH, requested_at=timezone.now())  # fmt: skip
    build_on(date(2025, 5, 1), run)
    BenefitPeriod.objects.filter(client=history["Al"]).update(end=date(2025, 3, 5), end_reason=end_reason("11"))  # fmt: skip
    build_on(date(2025, 5, 2), run)
    teamleider = UserFactory(organisation=organisation, roles=[MANAGER, CONSULENT], scope=[wassenaar])  # fmt: skip
    client.force_login(teamleider)
    base = f"/rapportages/{wassenaar.pk}/2025/3/"

    old = client.get(base + "clienten/?cijfer=uitstroom&versie=1").content.decode()
    new = client.get(base + "clienten/?cijfer=uitstroom").content.decode()
    assert 'data-rows="2"' in old and "Anna Al<" not in old  # noqa: PT018
    assert 'data-rows="3"' in new and "Anna Al<" in new  # noqa: PT018
    assert "05-03-2025" in new  # the spell's end
    # The earlier version's page links its own lists.
    assert (
        "clienten/?versie=1&amp;cijfer=uitstroom" in client.get(base + "?versie=1").content.decode()
    )
    assert client.get(base + "clienten/?cijfer=uitstroom&versie=9").status_code == 404


def test_a_list_pages_past_a_thousand_rows(client, wassenaar, organisation):
    people = Client.objects.bulk_create(
        ClientFactory.build(municipality=wassenaar, last_name=f"Veel{n:04d}") for n in range(1001)
    )
    BenefitPeriod.objects.bulk_create(
        BenefitPeriod(client=person, municipality=wassenaar, start=date(2025, 3, 3)) for person in people
    )  # fmt: skip
    run = ReportRun.objects.create(municipality=wassenaar, month=MARCH, requested_at=timezone.now())  # fmt: skip
    build_on(date(2025, 4, 1), run)
    client.force_login(UserFactory(organisation=organisation, roles=[MANAGER, CONSULENT], scope=[wassenaar]))  # fmt: skip
    base = f"/rapportages/{wassenaar.pk}/2025/3/clienten/?cijfer=instroom"

    html = client.get(base).content.decode()
    assert 'data-rows="1001"' in html and "1.001 rijen" in html  # noqa: PT018
    assert "Pagina 1 van 21" in html
    last = client.get(base + "&pagina=21").content.decode()
    assert "Pagina 21 van 21" in last and f">{people[-1]}<" in last  # noqa: PT018

    response = client.get(f"/rapportages/{wassenaar.pk}/2025/3/clienten/csv/?cijfer=instroom")
    assert len(streamed(response).splitlines()) == 1 + 1001


def test_the_downloads_hold_every_row_excel_safe_and_logged_per_client(client, history, wassenaar, organisation):  # fmt: skip
    Client.objects.filter(pk=history["Al"].pk).update(first_names="=HYPERLINK(1)")
    run = ReportRun.objects.create(municipality=wassenaar, month=MARCH, requested_at=timezone.now())  # fmt: skip
    version = build_on(date(2025, 5, 1), run)
    teamleider = UserFactory(organisation=organisation, roles=[MANAGER, CONSULENT], scope=[wassenaar])  # fmt: skip
    client.force_login(teamleider)
    base = f"/rapportages/{wassenaar.pk}/2025/3/clienten/"
    figure = version.figures["stand_eind"]

    response = client.get(base + "csv/?cijfer=stand_eind&versie=1")
    assert "maandrapportage-0629-2025-03-v1-definitief-stand-eind.csv" in response["Content-Disposition"]  # fmt: skip
    lines = list(csv.reader(io.StringIO(streamed(response)), delimiter=";"))
    assert len(lines) == 1 + figure
    assert any(line[1].startswith("'=HYPERLINK") for line in lines[1:])
    assert {line[-1] for line in lines[1:]} == {"1"}
    sheet = list(openpyxl.load_workbook(io.BytesIO(client.get(base + "xlsx/?cijfer=stand_eind").content)).active.values)  # fmt: skip
    assert len(sheet) == 1 + figure
    assert any(str(row[1]).startswith("'=HYPERLINK") for row in sheet[1:])

    downloads = AccessLog.objects.filter(user=teamleider, action="download")
    assert downloads.count() == 2 * figure
    assert set(downloads.values_list("client_id", flat=True)) == {
        history[name].pk for name in ("Al", "Bo", "Dirk")
    }


def test_a_list_longer_than_the_xlsx_limit_downloads_as_csv_in_batches(client, history, wassenaar, organisation, settings, monkeypatch):  # fmt: skip
    settings.OPSTAP_DRILL_XLSX_MAX_ROWS = 2
    monkeypatch.setattr("reporting.views.DRILL_BATCH", 2)  # three clients: two batches
    run = ReportRun.objects.create(municipality=wassenaar, month=MARCH, requested_at=timezone.now())  # fmt: skip
    version = build_on(date(2025, 5, 1), run)
    figure = version.figures["stand_eind"]
    assert figure == 3
    teamleider = UserFactory(organisation=organisation, roles=[MANAGER, CONSULENT], scope=[wassenaar])  # fmt: skip
    client.force_login(teamleider)
    base = f"/rapportages/{wassenaar.pk}/2025/3/clienten/"

    page = client.get(base + "?cijfer=stand_eind").content.decode()
    assert "clienten/xlsx/" not in page
    assert "XLSX gaat tot 2 rijen; download deze lijst als CSV" in page
    response = client.get(base + "xlsx/?cijfer=stand_eind&versie=1", follow=True)
    assert response.redirect_chain[-1][0] == base + "?cijfer=stand_eind&versie=1"
    assert "Deze lijst is te lang voor XLSX (meer dan 2 rijen). Download de CSV" in response.content.decode()  # fmt: skip
    assert not AccessLog.objects.filter(user=teamleider, action="download").exists()

    lines = list(csv.reader(io.StringIO(streamed(client.get(base + "csv/?cijfer=stand_eind"))), delimiter=";"))  # fmt: skip
    numbers = [int(line[0]) for line in lines[1:]]
    assert numbers == sorted(numbers) and len(numbers) == figure  # noqa: PT018 - by client number
    downloads = AccessLog.objects.filter(user=teamleider, action="download")
    assert sorted(downloads.values_list("client_id", flat=True)) == sorted(numbers)

    settings.OPSTAP_DRILL_XLSX_MAX_ROWS = 3
    assert "clienten/xlsx/" in client.get(base + "?cijfer=stand_eind").content.decode()
    sheet = list(openpyxl.load_workbook(io.BytesIO(client.get(base + "xlsx/?cijfer=stand_eind").content)).active.values)  # fmt: skip
    assert len(sheet) == 1 + figure
