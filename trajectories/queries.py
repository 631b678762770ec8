"""Set-based figures for the trajectory screens: one aggregate query each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, QuerySet

from organisations.models import Municipality
from trajectories.models import PremiumPayment, Trajectory, TrajectoryRule, TrajectoryType


@dataclass
class CapacityRow:
    kind: TrajectoryType
    municipality: Municipality
    capacity: int | None
    used: int = 0
    providers: dict[str, int] = field(default_factory=dict)

    @property
    def free(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.used, 0)


def capacity_overview(*, municipalities: QuerySet[Municipality], day: date) -> list[CapacityRow]:
    """Places used and free per type and municipality in the year of `day`, by the rules in
    force on `day`: every type with a capacity, and the others where places were used."""
    municipalities = list(municipalities)
    kinds = list(TrajectoryType.objects.filter(active=True).prefetch_related("rules"))
    counts = (
        Trajectory.objects.filter(
            municipality__in=municipalities,
            actual_start__gte=date(day.year, 1, 1),
            actual_start__lte=date(day.year, 12, 31),
        )
        .values("type_id", "municipality_id", "provider__name")
        .annotate(n=Count("id"))
    )
    rows: dict[tuple[int, int], CapacityRow] = {}
    for kind in kinds:
        rule = kind.rule_on(day)
        for municipality in municipalities:
            rows[kind.pk, municipality.pk] = CapacityRow(
                kind, municipality, rule.yearly_capacity if rule else None
            )
    for count in counts:
        row = rows.get((count["type_id"], count["municipality_id"]))
        if row is not None:
            row.used += count["n"]
            row.providers[count["provider__name"]] = count["n"]
    return [row for row in rows.values() if row.capacity is not None or row.used]


# For other apps' raw SQL (docs/architecture.md, "Tables read across apps").
# Trajectories: client_id, municipality_id (the one charged), type_id, actual_start, actual_end
# (the last day), outcome.
TRAJECTORIES = Trajectory._meta.db_table
# Types: id, code ('participatiebaan', ...).
TRAJECTORY_TYPES = TrajectoryType._meta.db_table
# The rule of each trajectory t's type in force at its start, as r (type_id, direction,
# valid_from, valid_until): "LEFT JOIN {RULE_AT_START}" after a FROM that names t.
RULE_AT_START = f"""(SELECT type_id, direction, valid_from,
             LEAD(valid_from) OVER (PARTITION BY type_id ORDER BY valid_from) AS valid_until
      FROM {TrajectoryRule._meta.db_table}) r
  ON r.type_id = t.type_id AND t.actual_start >= r.valid_from
 AND (r.valid_until IS NULL OR t.actual_start < r.valid_until)"""  # noqa: S608 - fixed names
# Premium payments: trajectory_id, due_date, paid_on, amount, status (deadlines' premium signal,
# budgets' realisation).
PREMIUM_PAYMENTS = PremiumPayment._meta.db_table
# Rules: type_id, valid_from, premium_interval_months, max_duration_months, max_extensions,
# extension_months (deadlines' premium signal). Deadlines and budgets also read trajectories'
# status, cost, budget_line_id, extensions, planned_start and planned_end.
TRAJECTORY_RULES = TrajectoryRule._meta.db_table
