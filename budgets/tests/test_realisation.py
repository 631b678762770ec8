"""Realisation follows the trajectories and premiums charged to a line: spent, committed,
forecast to year end, what is left, and the warnings at 90% and 100%."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import override_settings

from budgets.realisation import Cell, realisation, realisation_day
from budgets.tables import budget_table
from budgets.tests.conftest import make_year
from tests.factories import ClientFactory
from trajectories import services
from trajectories.models import PremiumPayment
from trajectories.tests.helpers import plan, run

pytestmark = pytest.mark.django_db

DAY = date(2025, 7, 1)


@pytest.fixture
def line(organisation, policy_key):
    year = make_year(organisation, policy_key, 2025, [("Trajecten", "incidenteel", "50000")])
    return year.lines.get()


def figures(line, municipality, day=DAY) -> Cell:
    table = budget_table(budget_year=line.budget_year, scope={municipality.pk})
    return realisation(table=table, day=day).lines[0][1][municipality.pk]


def test_realisation_follows_the_trajectories_charged_to_the_line(line, consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar, consulent=consulent)
    # Running all year, 3,650.00 over 365 planned days: 182 days (1 Jan to 1 Jul) are spent.
    running = run(client, "jobcoach", date(2025, 1, 1), date(2025, 12, 31), consulent,
                  cost=Decimal("3650.00"), budget_line=line)  # fmt: skip
    # Ended in March: spent in full.
    ended = run(client, "scholing", date(2025, 2, 1), date(2025, 3, 31), consulent,
                cost=Decimal("1000.00"), budget_line=line)  # fmt: skip
    services.end_trajectory(
        trajectory=ended, on=date(2025, 3, 31), outcome="opleiding", by=consulent
    )
    # Requested for the autumn: committed, and in the forecast.
    plan(client, "sollicitatietraining", date(2025, 9, 1), date(2025, 10, 30), consulent,
         cost=Decimal("600.00"), budget_line=line)  # fmt: skip
    # Withdrawn before it started, and one not charged to the line: neither counts.
    withdrawn = plan(client, "digivaardigheid", date(2025, 9, 1), date(2025, 9, 30), consulent,
                     cost=Decimal("5000.00"), budget_line=line)  # fmt: skip
    services.cancel_trajectory(trajectory=withdrawn, by=consulent)
    run(client, "map", date(2025, 1, 1), date(2025, 6, 30), consulent, cost=Decimal("9999.00"))
    # Premiums on the running trajectory: one paid (spent), one due and unpaid (committed).
    PremiumPayment.objects.create(trajectory=running, due_date=date(2025, 5, 1),
                                  amount=Decimal("600.00"), status="betaald", paid_on=date(2025, 5, 2))  # fmt: skip
    PremiumPayment.objects.create(trajectory=running, due_date=date(2025, 6, 15), amount=Decimal("600.00"))  # fmt: skip

    cell = figures(line, wassenaar)

    assert cell.budget == 700_000  # 14% of 50,000.00
    assert cell.spent == 182_000 + 100_000 + 60_000
    assert cell.committed == (365_000 - 182_000) + 60_000 + 60_000
    assert cell.left == 700_000 - 342_000 - 303_000
    assert cell.forecast == 365_000 + 100_000 + 60_000 + 120_000
    assert cell.level == "warning"  # 645,000 of 700,000 cents: 92.1%
    assert cell.usage == Decimal("92.1")


def test_other_municipalities_trajectories_stay_in_their_own_figures(
    line, consulent, consulent_voorschoten, wassenaar, voorschoten
):
    client = ClientFactory(municipality=voorschoten, consulent=consulent_voorschoten)
    run(client, "jobcoach", date(2025, 1, 1), date(2025, 1, 31), consulent_voorschoten,
        cost=Decimal("310.00"), budget_line=line)  # fmt: skip

    assert figures(line, wassenaar).spent == 0
    assert figures(line, voorschoten).spent == 31_000


def test_warning_levels():
    assert Cell(budget=1000, spent=899).level == "ok"
    assert Cell(budget=1000, spent=800, committed=100).level == "warning"
    assert Cell(budget=1000, spent=1000).level == "over"
    assert Cell(budget=0, spent=1).level == "over"
    with override_settings(OPSTAP_BUDGET_WARNING_PERCENT=80):
        assert Cell(budget=1000, spent=800).level == "warning"


def test_the_day_realisation_is_measured_on():
    today = date(2026, 11, 23)
    assert realisation_day(2026, today) == today
    assert realisation_day(2025, today) == date(2025, 12, 31)
    assert realisation_day(2027, today) == date(2027, 1, 1)
