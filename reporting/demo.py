"""Demo reports: 36 months for every demo municipality, built the way the Celery task builds
them (in-process here, so `seed_demo` needs no worker)."""

from __future__ import annotations

from django.utils import timezone

from core.dates import add_months
from organisations.demo import ORGANISATION_NAME
from organisations.models import Municipality
from reporting.models import ReportRun
from reporting.services import build_report, last_complete_month

DEMO_MONTHS = 36


def build_reports(*, seed: int, months: int = DEMO_MONTHS) -> dict[str, int]:
    last = last_complete_month(timezone.localdate())
    now = timezone.now()
    runs = ReportRun.objects.bulk_create(
        ReportRun(municipality=municipality, month=add_months(last, -offset), requested_at=now)
        for municipality in Municipality.objects.filter(organisation__name=ORGANISATION_NAME)
        for offset in range(months)
    )
    for run in runs:
        build_report(run_id=run.pk)
    return {"maandrapportages": ReportRun.objects.filter(status=ReportRun.Status.DONE).count()}
