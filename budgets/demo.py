"""Demo budgets: the policy plan's 2024–2026 lines and its key, a key derived from the caseload, and demo trajectories charged to the lines so that realisation has something to show."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from budgets.models import BudgetLine, BudgetYear, DistributionKey, DistributionShare
from organisations.demo import ORGANISATION_NAME
from organisations.models import Municipality, Organisation
from trajectories.models import Trajectory
from trajectories.queries import TRAJECTORIES
from trajectories.services import charge_to_budget_line

STRUCTURAL, INCIDENTAL = BudgetLine.Kind.STRUCTURAL, BudgetLine.Kind.INCIDENTAL
# (name, kind, purpose, {year: amount}) — table in 002, amounts for the three municipalities.
POLICY_PLAN_LINES = [
    ("Eén participatieconsulent", STRUCTURAL, "Uitvoering", {2024: 95_000, 2025: 95_000, 2026: 95_000}),
    ("Matchmakers en leerwerkmakelaar", STRUCTURAL, "Uitvoering", {2024: 120_000, 2025: 120_000, 2026: 120_000}),
    ("Keuringen en opleidingen", STRUCTURAL, "Klassieke re-integratie", {2024: 32_000, 2025: 32_000, 2026: 32_000}),
    ("Twee participatieconsulenten", INCIDENTAL, "Uitvoering", {2024: 190_000, 2025: 190_000}),
    ("Participatietrajecten", INCIDENTAL, "Ondersteuning werk en participatie", {2024: 50_000, 2025: 50_000}),
]  # fmt: skip
# The plan prints its key as 74 / 14 / 12% and its council table as 361 / 68 / 58 (of 487) and
# 183 / 34 / 30 (of 247): that table follows from this unrounded key by largest remainder, not
# from exactly 74 / 14 / 12 (which gives 360 / 68 / 59). DOMAIN.md §5.
POLICY_PLAN_KEY = {
    "Leidschendam-Voorburg": Decimal("74.1"),
    "Wassenaar": Decimal("13.9"),
    "Voorschoten": Decimal("12.0"),
}
# Trajectories starting in a year are charged to these lines up to a share of each
# municipality's part of the line, so that the demo shows a line within budget, one near it and one over it.
CHARGES = [
    (2024, "Participatietrajecten", Decimal("0.97")),
    (2024, "Keuringen en opleidingen", Decimal("0.70")),
    (2025, "Participatietrajecten", Decimal("1.04")),
    (2025, "Keuringen en opleidingen", Decimal("0.85")),
    (2026, "Keuringen en opleidingen", Decimal("0.93")),
]

# The trajectories starting in a year, in id order, while their running total stays within the
# target: ids only, the charge itself is the trajectories app's service. The municipality is one of
# the organisation's, so its trajectories are the organisation's clients'.
PICK_SQL = f"""
SELECT id FROM (
    SELECT t.id, SUM(t.cost) OVER (ORDER BY t.id) AS running_total
    FROM {TRAJECTORIES} t
    WHERE t.municipality_id = %(municipality)s
      AND t.budget_line_id IS NULL AND t.cost > 0
      AND COALESCE(t.actual_start, t.planned_start) BETWEEN %(first)s AND %(last)s
      AND NOT (t.status = 'afgebroken' AND t.actual_start IS NULL)
) picked WHERE running_total <= %(target)s
"""  # noqa: S608 - a table name


def build_budgets(*, seed: int) -> dict[str, int]:
    organisation = Organisation.objects.get(name=ORGANISATION_NAME)
    municipalities = {m.name: m for m in Municipality.objects.filter(organisation=organisation)}
    key = DistributionKey.objects.create(organisation=organisation, name="Beleidsplan 2024–2026")
    DistributionShare.objects.bulk_create(
        DistributionShare(key=key, municipality=municipalities[name], percentage=share)
        for name, share in POLICY_PLAN_KEY.items()
    )
    DistributionKey.objects.create(
        organisation=organisation,
        name="Naar caseload op 1 januari",
        method=DistributionKey.Method.CASELOAD,
        reference_date=date(timezone.localdate().year, 1, 1),
    )
    lines: dict[tuple[int, str], BudgetLine] = {}
    for year in (2024, 2025, 2026):
        budget_year = BudgetYear.objects.create(organisation=organisation, year=year, key=key)
        for order, (name, kind, purpose, amounts) in enumerate(POLICY_PLAN_LINES):
            if year in amounts:
                lines[year, name] = BudgetLine.objects.create(
                    budget_year=budget_year,
                    name=name,
                    kind=kind,
                    purpose=purpose,
                    amount=Decimal(amounts[year]),
                    sort_order=order,
                )
    charged = 0
    for year, name, share in CHARGES:
        line = lines[year, name]
        for municipality_name, percentage in POLICY_PLAN_KEY.items():
            with connection.cursor() as cursor:
                cursor.execute(
                    PICK_SQL,
                    {
                        "municipality": municipalities[municipality_name].pk,
                        "first": date(year, 1, 1),
                        "last": date(year, 12, 31),
                        "target": line.amount * share * percentage / 100,
                    },
                )
                ids = [row[0] for row in cursor]
            charged += charge_to_budget_line(
                trajectories=Trajectory.objects.filter(pk__in=ids), line=line
            )
    return {"begrotingsregels": len(lines), "trajecten op begroting": charged}
