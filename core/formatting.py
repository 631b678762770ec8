"""Numbers, money and dates the Dutch way, whatever language is active: one spelling for
templates (`{% load opstap %}`), messages, the change history and `__str__`."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal


def _dutch(grouped: str) -> str:
    """Python's "1,200.50" as Dutch "1.200,50"."""
    return grouped.replace(",", " ").replace(".", ",").replace(" ", ".")


def money(amount: Decimal | int | float | str | None) -> str:
    """Euros: Decimal("1200") -> "€ 1.200,00", Decimal("-5.5") -> "€ -5,50"."""
    if amount is None or amount == "":
        return ""
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return "€ " + _dutch(f"{value:,.2f}")


def number(value: int | None) -> str:
    """A whole number with a thousands dot: 1070 -> "1.070"."""
    if value is None or value == "":
        return ""
    return _dutch(f"{int(value):,d}")


def percentage(value: Decimal | int | str) -> str:
    """A share without trailing zeros: Decimal("74.10") -> "74,1%", Decimal("100.00") -> "100%"."""
    return _dutch(f"{Decimal(str(value)).normalize():f}") + "%"


def day(value: date | None) -> str:
    """A date as dd-mm-jjjj: date(2025, 2, 27) -> "27-02-2025"."""
    return value.strftime("%d-%m-%Y") if value else ""
