"""Kept for the migrations only: they name `organisations.dates.validate_plausible_date` as a
field validator. New code imports from `core.dates`."""

from core.dates import validate_plausible_date

__all__ = ["validate_plausible_date"]
