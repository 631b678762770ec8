"""Voorlopig and definitief (DOMAIN §6): a month is voorlopig until the restart days after its last
day have passed; the page, the dashboard and the downloads say which and when it becomes
definitief, and beat rebuilds a voorlopig month once it is definitief."""

import csv
import io
from datetime import date
from unittest import mock

import openpyxl
import pytest
from django.utils import timezone

from reporting import services
from reporting.finality import definitive_on, finality
from reporting.models import ReportRun
from tests.factories import BenefitPeriodFactory, ClientFactory, end_reason

pytestmark = pytest.mark.django_db
OCTOBER = date(2026, 10, 1)


def build_on(day: date, run_id: int) -> None:
    """Build as the worker would on `day` (the data date is the build's day)."""
    with mock.patch.object(timezone, "localdate", return_value=day):
        services.build_report(run_id=run_id)


def test_a_month_is_definitive_the_day_after_the_restart_days(settings):
    assert definitive_on(OCTOBER) == date(2026, 12, 1)  # 31 October + 30 days, plus one
    assert definitive_on(date(2024, 2, 1)) == date(2024, 3, 31)  # 29 February + 30 + 1
    assert not finality(month=OCTOBER, data_date=date(2026, 11, 30)).definitive
    assert finality(month=OCTOBER, data_date=date(2026, 12, 1)).definitive
    settings.OPSTAP_REPORT_RESTART_DAYS = 10
    assert definitive_on(OCTOBER) == date(2026, 11, 11)


@pytest.fixture
def ended_on_the_25th(wassenaar):
    """A benefit that ends 25 October; the client restarts 10 November (16 days later)."""
    person = ClientFactory(municipality=wassenaar)
    BenefitPeriodFactory(client=person, municipality=wassenaar, start=date(2026, 1, 5),
                         end=date(2026, 10, 25), end_reason=end_reason("11"))  # fmt: skip
    return person


def test_beat_builds_a_month_voorlopig_and_rebuilds_it_when_definitive(
    ended_on_the_25th, wassenaar, lv, voorschoten, django_capture_on_commit_callbacks
):
    with (
        mock.patch("reporting.tasks.build_report_run.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.ensure_monthly_reports(today=date(2026, 11, 1)) == 3
    run = ReportRun.objects.get(municipality=wassenaar, month=OCTOBER)
    (run_id,) = [c.args[0] for c in delay.call_args_list if c.args[0] == run.pk]
    build_on(date(2026, 11, 1), run_id)
    run.refresh_from_db()
    assert (run.figures["uitstroom"], run.figures["stand_eind"]) == (1, 0)
    assert not finality(month=run.month, data_date=run.data_date).definitive

    BenefitPeriodFactory(client=ended_on_the_25th, municipality=wassenaar, start=date(2026, 11, 10))
    with (
        mock.patch("reporting.tasks.build_report_run.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        # Still voorlopig on 30 November: nothing to do. On 1 December: November for the three
        # municipalities, and October's rebuild.
        assert services.ensure_monthly_reports(today=date(2026, 11, 30)) == 0
        assert services.ensure_monthly_reports(today=date(2026, 12, 1)) == 3 + 1
    assert run.pk in [c.args[0] for c in delay.call_args_list]
    run.refresh_from_db()
    assert run.status == ReportRun.Status.QUEUED
    assert run.figures["uitstroom"] == 1  # the voorlopig figures stay visible until the rebuild

    build_on(date(2026, 12, 1), run.pk)
    run.refresh_from_db()
    assert (run.figures["uitstroom"], run.figures["stand_eind"]) == (0, 1)
    assert finality(month=run.month, data_date=run.data_date).definitive
    # Definitief now: beat leaves it alone (safe to run twice).
    with (
        mock.patch("reporting.tasks.build_report_run.delay"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.ensure_monthly_reports(today=date(2026, 12, 2))
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE


def test_the_page_dashboard_and_downloads_say_voorlopig_with_the_date(
    client, ended_on_the_25th, wassenaar, manager
):
    run = ReportRun.objects.create(
        municipality=wassenaar, month=OCTOBER, requested_at=timezone.now()
    )
    build_on(date(2026, 11, 1), run.pk)
    client.force_login(manager)
    base = f"/rapportages/{wassenaar.pk}/2026/10/"

    html = client.get(base).content.decode()
    assert 'data-finality="voorlopig"' in html
    assert "De maand wordt definitief op 1 december 2026" in html

    response = client.get(base + "csv/")
    assert "maandrapportage-0629-2026-10-v1-voorlopig.csv" in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][-4:-1] == ["status", "definitief op", "gegevens van"]
    assert {tuple(line[-4:-1]) for line in lines[1:]} == {("Voorlopig", "01-12-2026", "01-11-2026")}
    response = client.get(base + "xlsx/")
    assert "2026-10-v1-voorlopig.xlsx" in response["Content-Disposition"]
    sheet = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert {row[-4:-1] for row in sheet[1:]} == {("Voorlopig", "01-12-2026", "01-11-2026")}

    with mock.patch("reporting.views.timezone.localdate", return_value=date(2026, 11, 15)):
        html = client.get(f"/rapportages/{wassenaar.pk}/").content.decode()
    assert 'data-finality="voorlopig"' in html
    assert "definitief op 1 december 2026" in html
    assert "voorlopig (definitief op 01-12-2026)" in html  # the trend table

    ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.QUEUED)  # beat's request
    build_on(date(2026, 12, 1), run.pk)
    html = client.get(base).content.decode()
    assert 'data-finality="definitief"' in html
    response = client.get(base + "csv/")
    assert "2026-10-v2-definitief.csv" in response["Content-Disposition"]
