from celery import shared_task
from django.db import OperationalError

from security.retention import apply_retention


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def apply_retention_nightly() -> int:
    """Anonymise clients past the retention period; safe to run twice."""
    return apply_retention()
