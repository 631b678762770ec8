import uuid

from celery import shared_task

from clients.importer import background
from organisations.models import User


@shared_task(acks_late=True)
def run_import(user_id: int, token: str, phase: str) -> None:
    """Check or import a large caseload file (clients/importer/background.py). Not retried on
    a database error: the import is all or nothing and the page then shows its Dutch report."""
    background.run_import(user=User.objects.get(pk=user_id), token=uuid.UUID(token), phase=phase)
