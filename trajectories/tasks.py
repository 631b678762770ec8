from celery import shared_task
from django.db import OperationalError

from trajectories.premiums import record_all_due_premiums


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def record_due_premiums_daily() -> int:
    """Record the premiums that fell due; safe to run twice (recording is idempotent)."""
    return record_all_due_premiums()
