"""Set-based figures for the trajectory screens: one aggregate query each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, QuerySet

from organisations.models import Municipality
from trajectories.models import Trajectory, TrajectoryType


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
