"""A budget year like the policy plan's, for the three municipalities of the shared fixtures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgets.models import BudgetLine, BudgetYear, DistributionKey, DistributionShare

STRUCTURAL, INCIDENTAL = BudgetLine.Kind.STRUCTURAL, BudgetLine.Kind.INCIDENTAL
LINES_2024 = [
    ("Eén participatieconsulent", STRUCTURAL, "95000"),
    ("Matchmakers en leerwerkmakelaar", STRUCTURAL, "120000"),
    ("Keuringen en opleidingen", STRUCTURAL, "32000"),
    ("Twee participatieconsulenten", INCIDENTAL, "190000"),
    ("Participatietrajecten", INCIDENTAL, "50000"),
]


def make_key(organisation, shares, name="74/14/12"):
    key = DistributionKey.objects.create(organisation=organisation, name=name)
    for municipality, percentage in shares:
        DistributionShare.objects.create(
            key=key, municipality=municipality, percentage=Decimal(percentage)
        )
    return key


def make_year(organisation, key, year, lines):
    budget_year = BudgetYear.objects.create(organisation=organisation, year=year, key=key)
    for order, (name, kind, amount) in enumerate(lines):
        BudgetLine.objects.create(
            budget_year=budget_year, name=name, kind=kind, amount=Decimal(amount), sort_order=order
        )
    return budget_year


@pytest.fixture
def policy_key(organisation, lv, wassenaar, voorschoten):
    return make_key(organisation, [(lv, "74"), (wassenaar, "14"), (voorschoten, "12")])


@pytest.fixture
def year_2024(organisation, policy_key):
    return make_year(organisation, policy_key, 2024, LINES_2024)
