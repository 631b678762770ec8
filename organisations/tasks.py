from celery import shared_task

from organisations.models import Municipality


@shared_task
def count_municipalities(organisation_id: int) -> int:
    """How many municipalities an organisation serves: a small task that proves a worker can
    reach the database (used by the health checks and the worker tests)."""
    return Municipality.objects.filter(organisation_id=organisation_id).count()
