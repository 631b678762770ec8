"""Thin, idempotent tasks: they take ids and call a service."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from reporting import services


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def build_report_run(run_id: int) -> bool:
    """Build one report run; a second task for the same run does nothing."""
    return services.build_report(run_id=run_id)


@shared_task(acks_late=True)
def sweep_report_runs() -> int:
    """Queue runs that did not reach the broker or were lost with a worker."""
    return services.sweep()


@shared_task(acks_late=True)
def ensure_monthly_reports() -> int:
    """Make sure last month's report exists (or is coming) for every municipality."""
    return services.ensure_monthly_reports(today=timezone.localdate())
