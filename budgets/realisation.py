"""Realisation: what the trajectories and premiums charged to a budget line cost, per
municipality, against that municipality's part of the line.

On a day D (today, or the last day of a past year):
- spent: a trajectory that has ended (afgerond, or afgebroken after its start) on or before D
  costs its full cost; a running one costs its cost pro rata over its planned days up to D; a
  premium counts when it was paid on or before D;
- committed: the rest of the cost of trajectories charged to the line (requested and running),
  and premiums fallen due but not yet paid on D;
- forecast to year end: what will have been spent on 31 December if the trajectories run as
  planned, plus every premium due by then.
A request withdrawn before it started costs nothing. The figures come from one SQL aggregate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import connection

from budgets.tables import BudgetTable
from trajectories.queries import PREMIUM_PAYMENTS, TRAJECTORIES

# A running trajectory's cost pro rata over its planned days, up to the day (spent) or up to
# 31 December (forecast), in whole cents. The tables are trajectories' (trajectories.queries).
REALISATION_SQL = f"""
WITH charged AS (
    SELECT t.budget_line_id AS line_id, t.municipality_id AS municipality_id,
           t.cost * 100 AS cost,
           CASE WHEN t.actual_end <= %(day)s THEN t.cost * 100
                WHEN t.actual_start <= %(day)s THEN ROUND(t.cost * 100 * LEAST(1, GREATEST(0,
                    (LEAST(%(day)s::date, t.planned_end) - t.actual_start + 1)::numeric
                    / GREATEST(t.planned_end - t.actual_start + 1, 1))))
                ELSE 0 END AS spent,
           CASE WHEN t.actual_end <= %(year_end)s THEN t.cost * 100
                WHEN COALESCE(t.actual_start, t.planned_start) <= %(year_end)s THEN
                    ROUND(t.cost * 100 * LEAST(1, GREATEST(0,
                    (LEAST(%(year_end)s::date, t.planned_end)
                        - COALESCE(t.actual_start, t.planned_start) + 1)::numeric
                    / GREATEST(t.planned_end - COALESCE(t.actual_start, t.planned_start) + 1, 1))))
                ELSE 0 END AS forecast,
           t.id AS trajectory_id
    FROM {TRAJECTORIES} t
    WHERE t.budget_line_id = ANY(%(lines)s) AND t.municipality_id = ANY(%(municipalities)s)
      AND NOT (t.status = 'afgebroken' AND t.actual_start IS NULL)
), costs AS (
    SELECT line_id, municipality_id, spent, cost - spent AS committed, forecast FROM charged
    UNION ALL
    SELECT c.line_id, c.municipality_id,
           CASE WHEN p.paid_on <= %(day)s THEN p.amount * 100 ELSE 0 END,
           CASE WHEN p.due_date <= %(day)s AND (p.paid_on IS NULL OR p.paid_on > %(day)s)
                THEN p.amount * 100 ELSE 0 END,
           CASE WHEN p.due_date <= %(year_end)s OR p.paid_on <= %(day)s
                THEN p.amount * 100 ELSE 0 END
    FROM {PREMIUM_PAYMENTS} p JOIN charged c ON c.trajectory_id = p.trajectory_id
)
SELECT line_id, municipality_id, SUM(spent)::bigint, SUM(committed)::bigint, SUM(forecast)::bigint
FROM costs GROUP BY line_id, municipality_id
"""  # noqa: S608 - table names


@dataclass
class Cell:
    budget: int = 0  # all in cents
    spent: int = 0
    committed: int = 0
    forecast: int = 0

    @property
    def used(self) -> int:
        return self.spent + self.committed

    @property
    def left(self) -> int:
        return self.budget - self.used

    @property
    def usage(self) -> Decimal | None:
        """Spent plus committed as a percentage of the budget; None without a budget."""
        if self.budget == 0:
            return None
        return (Decimal(self.used) * 100 / self.budget).quantize(Decimal("0.1"))

    @property
    def level(self) -> str:
        """'over' at 100% or more, 'warning' from the warning percentage, else 'ok'."""
        if self.budget == 0:
            return "over" if self.used else "ok"
        if self.used >= self.budget:
            return "over"
        if self.used * 100 >= self.budget * settings.OPSTAP_BUDGET_WARNING_PERCENT:
            return "warning"
        return "ok"

    def bar(self, part: int) -> Decimal:
        """`part` as a percentage of the budget for a bar, capped at 100."""
        if self.budget == 0:
            return Decimal(100 if part else 0)
        return min(Decimal(100), (Decimal(part) * 100 / self.budget).quantize(Decimal("0.1")))

    @property
    def spent_bar(self) -> Decimal:
        return self.bar(self.spent)

    @property
    def committed_bar(self) -> Decimal:
        return self.bar(self.used) - self.spent_bar

    def __add__(self, other: Cell) -> Cell:
        return Cell(
            budget=self.budget + other.budget,
            spent=self.spent + other.spent,
            committed=self.committed + other.committed,
            forecast=self.forecast + other.forecast,
        )


@dataclass
class Realisation:
    table: BudgetTable
    day: date
    lines: list[tuple[str, dict[int, Cell]]] = field(default_factory=list)
    totals: dict[int, Cell] = field(default_factory=dict)

    @property
    def municipalities(self):
        return self.table.municipalities


def realisation_day(year: int, today: date) -> date:
    """The day realisation is measured on: today within the year, else the year's last day
    (or its first, for a year still to come)."""
    return min(max(today, date(year, 1, 1)), date(year, 12, 31))


def realisation(*, table: BudgetTable, day: date) -> Realisation:
    """Per line and shown municipality: budget, spent, committed, forecast (cents)."""
    shown = [m.pk for m in table.municipalities]
    line_rows = table.rows
    with connection.cursor() as cursor:
        cursor.execute(
            REALISATION_SQL,
            {
                "day": day,
                "year_end": date(table.budget_year.year, 12, 31),
                "lines": [row.line.pk for row in line_rows],
                "municipalities": shown,
            },
        )
        found = {
            (line, m): (spent, committed, forecast)
            for line, m, spent, committed, forecast in cursor
        }
    result = Realisation(table=table, day=day, totals={pk: Cell() for pk in shown})
    for row in line_rows:
        cells = {}
        for pk in shown:
            spent, committed, forecast = found.get((row.line.pk, pk), (0, 0, 0))
            cells[pk] = Cell(row.parts[pk], int(spent), int(committed), int(forecast))
            result.totals[pk] = result.totals[pk] + cells[pk]
        result.lines.append((row.label, cells))
    return result
