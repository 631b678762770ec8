"""Report runs: requested, queued after commit, kept when the broker is down and queued by the
sweeper, built once, replaced atomically, failures shown; beat makes last month exist."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from reporting import services
from reporting.models import ReportRun
from tests.factories import BenefitPeriodFactory

pytestmark = pytest.mark.django_db
MONTH = date(2026, 1, 1)


@pytest.fixture
def history(wassenaar):
    BenefitPeriodFactory(municipality=wassenaar, start=date(2025, 12, 3))
    BenefitPeriodFactory(municipality=wassenaar, start=date(2026, 1, 31))


def test_a_request_is_built_after_commit(history, wassenaar, manager, django_capture_on_commit_callbacks):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = services.request_report(municipality=wassenaar, month=date(2026, 1, 17), by=manager)
    run.refresh_from_db()
    assert (run.month, run.status) == (MONTH, ReportRun.Status.QUEUED)  # saved before queueing

    for callback in callbacks:
        callback()
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE
    assert (run.figures["stand_begin"], run.figures["instroom"], run.figures["stand_eind"]) == (1, 1, 2)  # fmt: skip
    assert run.data_date == timezone.localdate()


def test_a_run_requested_while_the_broker_is_down_is_kept_and_the_sweeper_builds_it(
    history, wassenaar, manager, django_capture_on_commit_callbacks
):
    from reporting.tasks import build_report_run

    with (
        mock.patch.object(build_report_run, "delay", side_effect=OSError("broker weg")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run = services.request_report(municipality=wassenaar, month=MONTH, by=manager)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.QUEUED
    assert run.queued_at is None

    assert services.sweep() == 1
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE
    assert services.sweep() == 0  # nothing left waiting


def test_two_tasks_for_the_same_run_build_it_once(history, wassenaar):
    run = ReportRun.objects.create(municipality=wassenaar, month=MONTH, requested_at=timezone.now())
    assert services.build_report(run_id=run.pk) is True
    run.refresh_from_db()
    built_at = run.built_at

    assert services.build_report(run_id=run.pk) is False
    run.refresh_from_db()
    assert run.built_at == built_at


def test_a_run_lost_with_its_worker_is_taken_up_again(history, wassenaar, settings):
    run = ReportRun.objects.create(municipality=wassenaar, month=MONTH, requested_at=timezone.now(),
                                   status=ReportRun.Status.BUILDING, started_at=timezone.now())  # fmt: skip
    assert services.build_report(run_id=run.pk) is False  # still being built elsewhere
    ReportRun.objects.filter(pk=run.pk).update(
        started_at=timezone.now() - timedelta(minutes=settings.OPSTAP_REPORT_STALE_MINUTES + 1)
    )
    assert services.sweep() == 1
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE


def test_running_again_replaces_the_figures_and_keeps_the_old_ones_until_then(
    history, wassenaar, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.request_report(municipality=wassenaar, month=MONTH, by=manager)
    BenefitPeriodFactory(municipality=wassenaar, start=date(2026, 1, 5))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.request_report(municipality=wassenaar, month=MONTH, by=manager)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.QUEUED
    assert run.figures["instroom"] == 1  # the finished report is still there, unchanged

    for callback in callbacks:
        callback()
    run.refresh_from_db()
    assert (run.status, run.figures["instroom"]) == (ReportRun.Status.DONE, 2)
    assert ReportRun.objects.count() == 1


def test_a_failed_run_says_why(history, wassenaar):
    run = ReportRun.objects.create(municipality=wassenaar, month=MONTH, requested_at=timezone.now())
    with mock.patch("reporting.services.month_figures", side_effect=ValueError("kapotte regel")):
        services.build_report(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.FAILED
    assert "kapotte regel" in run.error


def test_beat_makes_last_months_report_for_every_municipality_once(
    lv, wassenaar, voorschoten, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.ensure_monthly_reports(today=date(2026, 11, 23)) == 3
    assert set(ReportRun.objects.values_list("month", "status")) == {(date(2026, 10, 1), "klaar")}
    # A day later nothing is missing; a missed first of the month is caught up the next day.
    assert services.ensure_monthly_reports(today=date(2026, 11, 24)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.ensure_monthly_reports(today=date(2026, 12, 2)) == 3


def test_the_beat_schedule_has_the_report_tasks(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"reporting.tasks.ensure_monthly_reports", "reporting.tasks.sweep_report_runs"} <= tasks
