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


def test_a_build_takes_the_waiting_months_of_its_municipality_along(
    history, wassenaar, voorschoten
):
    queued = lambda municipality, month: ReportRun.objects.create(  # noqa: E731
        municipality=municipality, month=month, requested_at=timezone.now()
    )
    december, january = queued(wassenaar, date(2025, 12, 1)), queued(wassenaar, MONTH)
    finished = queued(wassenaar, date(2025, 11, 1))
    ReportRun.objects.filter(pk=finished.pk).update(status=ReportRun.Status.DONE, figures={})
    elsewhere = queued(voorschoten, MONTH)

    assert services.build_report(run_id=january.pk) is True

    for run in (december, january, finished, elsewhere):
        run.refresh_from_db()
    assert (december.status, january.status) == (ReportRun.Status.DONE, ReportRun.Status.DONE)
    assert (december.figures["stand_eind"], january.figures["stand_eind"]) == (1, 2)
    assert december.figures["labels"]["gemeente"] == "Wassenaar"
    assert finished.figures == {}  # a finished report is not rebuilt unasked
    assert elsewhere.status == ReportRun.Status.QUEUED  # another municipality waits its turn
    assert services.build_report(run_id=december.pk) is False  # its own task finds it done


def test_a_build_takes_at_most_the_batch_months(history, wassenaar, settings):
    settings.OPSTAP_REPORT_BATCH_MONTHS = 2
    runs = [ReportRun.objects.create(municipality=wassenaar, month=date(2025, month, 1),
                                     requested_at=timezone.now()) for month in (9, 10, 11, 12)]  # fmt: skip
    services.build_report(run_id=runs[0].pk)
    statuses = {run.month.month: run.status for run in ReportRun.objects.all()}
    assert statuses == {9: "klaar", 12: "klaar", 10: "wachtrij", 11: "wachtrij"}  # newest first


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
    along = ReportRun.objects.create(municipality=wassenaar, month=date(2025, 12, 1),
                                     requested_at=timezone.now())  # fmt: skip
    with mock.patch("reporting.services.months_figures", side_effect=ValueError("kapotte regel")):
        services.build_report(run_id=run.pk)
    for each in (run, along):  # built together, failed together, each saying why
        each.refresh_from_db()
        assert each.status == ReportRun.Status.FAILED
        assert "kapotte regel" in each.error


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
