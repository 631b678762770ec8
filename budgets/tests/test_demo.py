"""The demo holds the policy plan's budget and realisation from demo trajectories."""

from datetime import date

import pytest
from django.core.management import call_command

from budgets.models import BudgetYear
from budgets.realisation import realisation
from budgets.tables import budget_table
from organisations.models import Municipality

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_policy_plans_years_and_realisation():
    call_command("seed_demo", clients=600, stdout=None)
    scope = set(Municipality.objects.values_list("pk", flat=True))

    totals = {
        year.year: budget_table(budget_year=year, scope=scope).total.total
        for year in BudgetYear.objects.all()
    }
    assert totals == {2024: 48_700_000, 2025: 48_700_000, 2026: 24_700_000}
    # The council table in thousands is the policy plan's printed one (361 / 68 / 58, 183 / 34 / 30).
    plan = {}
    for year in (2024, 2026):
        total = budget_table(budget_year=BudgetYear.objects.get(year=year), scope=scope).total
        names = {m.pk: m.name for m in Municipality.objects.all()}
        plan[year] = {names[pk]: part for pk, part in total.thousands.items()}
    assert plan[2024] == {"Leidschendam-Voorburg": 361, "Wassenaar": 68, "Voorschoten": 58}
    assert plan[2026] == {"Leidschendam-Voorburg": 183, "Wassenaar": 34, "Voorschoten": 30}

    table = budget_table(budget_year=BudgetYear.objects.get(year=2025), scope=scope)
    result = realisation(table=table, day=date(2025, 12, 31))
    charged = dict(result.lines)["Participatietrajecten"]
    spent = sum(cell.used for cell in charged.values())
    # Charged up to 104% of the line: within a trajectory's cost of it.
    assert 4_000_000 < spent <= 5_200_000
