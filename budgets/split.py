"""Splitting an amount by a key, exact to the cent (largest-remainder rounding).

Every part is the exact share rounded down to a whole cent; the cents left over go, one each, to
the parts with the largest remainders. So the parts add up to the whole exactly, and each part
is within one cent of its exact share. Ties go to the larger weight, then to the earlier key.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
R = TypeVar("R", bound=Hashable)

CENT = Decimal("0.01")


def to_cents(amount: Decimal) -> int:
    """Euros to whole cents; an amount with more than two decimals is refused, not rounded."""
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"{amount} heeft meer dan twee decimalen")
    return int(cents)


def to_euros(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def split_cents(total: int, weights: Mapping[K, Decimal | int]) -> dict[K, int]:
    """`total` cents split in proportion to `weights` (percentages or counts)."""
    if total < 0:
        raise ValueError("alleen een bedrag van 0 of meer kan worden verdeeld")
    if any(weight < 0 for weight in weights.values()):
        raise ValueError("een gewicht kan niet negatief zijn")
    weight_sum = sum(Fraction(weight) for weight in weights.values())
    if weight_sum <= 0:
        raise ValueError("de gewichten tellen op tot 0")
    exact = {
        key: Fraction(total) * Fraction(weight) / weight_sum for key, weight in weights.items()
    }
    parts = {key: int(share) for key, share in exact.items()}  # floor: shares are >= 0
    left = total - sum(parts.values())
    position = {key: index for index, key in enumerate(weights)}
    by_remainder = sorted(
        weights,
        key=lambda key: (-(exact[key] - parts[key]), -Fraction(weights[key]), position[key]),
    )
    for key in by_remainder[:left]:
        parts[key] += 1
    return parts


def round_thousands(cents: int) -> int:
    """Whole thousands of euros, half up: a council table's total."""
    return int((Decimal(cents) / 100_000).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def split_thousands(parts: Mapping[K, int]) -> dict[K, int]:
    """The parts (cents) of one amount in whole thousands that add up to the amount's rounded
    total: the rounded total is split in proportion to the parts by the same largest-remainder
    rule, never rounded cell by cell (360,380 / 68,180 / 58,440 -> 360 / 68 / 59 under 487)."""
    total = round_thousands(sum(parts.values()))
    if not any(parts.values()):
        return dict.fromkeys(parts, 0)
    return split_cents(total, parts)


def round_half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def round_to_total(exact: Mapping[K, Fraction], total: int) -> dict[K, int]:
    """Each exact value (≥ 0) rounded down, and the units still missing to `total` to the largest
    remainders (ties: the earlier key): one row of a controlled rounding."""
    parts = {key: math.floor(value) for key, value in exact.items()}
    position = {key: index for index, key in enumerate(exact)}
    by_remainder = sorted(exact, key=lambda key: (-(exact[key] - parts[key]), position[key]))
    for key in by_remainder[: total - sum(parts.values())]:
        parts[key] += 1
    return parts


def controlled_round(
    exact: Mapping[R, Mapping[K, Fraction]], columns: Mapping[K, int]
) -> tuple[dict[R, dict[K, int]], dict[R, int]]:
    """A table of exact values (≥ 0) rounded to whole numbers so that every row adds up to its
    rounded total and every column to the given one (controlled rounding, Cox 1987): each cell and
    each row total is its exact value rounded down or up. `columns` are already rounded column
    totals (down or up) that add up to the rounded whole. Returns the cells and the row totals.

    Each cell starts rounded down; the units still missing go to cells as a minimum-cost flow from
    the rows (each may take up to its rounded-up total, and must take up to its rounded-down one)
    to the columns (each takes exactly what it lacks), one unit per cell: where possible the
    cells each row would round up on its own (so a table that already adds up stays as it is),
    changing the lower rows before the upper ones, then the largest remainders. Small tables (a budget has a few lines), so a plain successive-shortest-path suffices.
    Raises ValueError when the column totals do not fit the rows."""
    rows, keys = list(exact), list(columns)
    floor = {r: {k: math.floor(exact[r][k]) for k in keys} for r in rows}
    row_exact = {r: sum(exact[r][k] for k in keys) for r in rows}
    need = {k: columns[k] - sum(floor[r][k] for r in rows) for k in keys}
    low = {r: math.floor(row_exact[r]) - sum(floor[r].values()) for r in rows}
    high = {r: math.ceil(row_exact[r]) - sum(floor[r].values()) for r in rows}
    # Nodes: 0 source, rows, columns, sink. Edges as [to, capacity, cost, reverse index].
    source, sink = 0, len(rows) + len(keys) + 1
    node = {("r", r): 1 + i for i, r in enumerate(rows)} | {
        ("k", k): 1 + len(rows) + j for j, k in enumerate(keys)
    }
    graph: list[list[list]] = [[] for _ in range(sink + 1)]

    def edge(a: int, b: int, capacity: int, cost: Fraction) -> None:
        graph[a].append([b, capacity, cost, len(graph[b])])
        graph[b].append([a, 0, -cost, len(graph[a]) - 1])

    # Costs, most important first: a row's units up to its rounded-down total are taken; a cell
    # rounds up where the row rounded on its own would (largest remainder to its half-up
    # total), the rows further down giving way first when the columns need a change (as a
    # plan prints its first subtotal as it would alone); then larger remainders.
    cells_count = len(rows) * len(keys) + 1
    forced = Fraction(cells_count ** (len(rows) + 1) + 1)
    for position, r in enumerate(rows):
        other = Fraction(cells_count ** (len(rows) - position))
        edge(source, node["r", r], low[r], -forced)
        edge(source, node["r", r], high[r] - low[r], Fraction(0))
        alone = round_to_total(exact[r], round_half_up(row_exact[r]))
        for k in keys:
            if exact[r][k] != floor[r][k]:
                cost = -(exact[r][k] - floor[r][k]) + (0 if alone[k] > floor[r][k] else other)
                edge(node["r", r], node["k", k], 1, cost)
    for k in keys:
        if need[k] < 0:
            raise ValueError("kolomtotaal kleiner dan de naar beneden afgeronde cellen")
        edge(node["k", k], sink, need[k], Fraction(0))
    for _unit in range(sum(need.values())):
        distance: list = [None] * (sink + 1)
        previous: list = [None] * (sink + 1)
        distance[source] = Fraction(0)
        for _round in range(sink + 1):  # Bellman-Ford: the residual graph has negative costs
            changed = False
            for a in range(sink + 1):
                if distance[a] is None:
                    continue
                for index, (b, capacity, cost, _reverse) in enumerate(graph[a]):
                    if capacity > 0 and (distance[b] is None or distance[a] + cost < distance[b]):
                        distance[b], previous[b], changed = distance[a] + cost, (a, index), True
            if not changed:
                break
        if distance[sink] is None:
            raise ValueError("de kolomtotalen passen niet bij de rijen")
        at = sink
        while at != source:
            a, index = previous[at]
            graph[a][index][1] -= 1
            b, _capacity, _cost, reverse = graph[a][index]
            graph[b][reverse][1] += 1
            at = a
    cells = {r: dict(floor[r]) for r in rows}
    for r in rows:  # a cell's edge (capacity 1) that carried its unit has none left
        for b, capacity, _cost, _reverse in graph[node["r", r]]:
            if len(rows) < b < sink and capacity == 0:
                cells[r][keys[b - 1 - len(rows)]] += 1
    totals = {r: sum(cells[r].values()) for r in rows}
    if any(not math.floor(row_exact[r]) <= totals[r] <= math.ceil(row_exact[r]) for r in rows):
        raise ValueError("een rijtotaal valt buiten de afronding")
    return cells, totals
