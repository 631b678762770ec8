"""After seed_demo there are 36 months of reports per municipality, and in every one of them
stand eind = stand begin + instroom − uitstroom, with stand begin = last month's stand eind."""

import pytest
from django.core.management import call_command

from core.dates import add_months
from reporting.models import ReportRun

pytestmark = pytest.mark.django_db


def test_every_demo_report_balances_and_follows_on_from_the_month_before():
    call_command("seed_demo", clients=600, stdout=None)
    runs = ReportRun.objects.select_related("municipality").order_by("municipality", "month")

    assert runs.count() == 3 * 36
    assert {run.status for run in runs} == {"klaar"}
    previous = {}
    for run in runs:
        f = run.figures
        assert f["stand_eind"] == f["stand_begin"] + f["instroom"] - f["uitstroom"], run
        assert sum(f["uitstroom_per_groep"].values()) == f["uitstroom"], run
        before = previous.get((run.municipality_id, add_months(run.month, -1)))
        if before is not None:
            assert f["stand_begin"] == before["stand_eind"], run
        previous[run.municipality_id, run.month] = f
    assert sum(run.figures["instroom"] for run in runs) > 0
    assert sum(run.figures["uitstroom_per_groep"].get("werk", 0) for run in runs) > 0
