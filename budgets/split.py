"""Splitting an amount by a key, exact to the cent (largest-remainder rounding).

Every part is the exact share rounded down to a whole cent; the cents left over go, one each, to
the parts with the largest remainders. So the parts add up to the whole exactly, and each part
is within one cent of its exact share. Ties go to the larger weight, then to the earlier key.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

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
