"""Date helpers shared by every app: real dates, plausible ranges, whole years."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLIEST = date(1900, 1, 1)


def horizon_years() -> int:
    """How far ahead a date may lie (OPSTAP_DATE_HORIZON_YEARS, default 10)."""
    return getattr(settings, "OPSTAP_DATE_HORIZON_YEARS", 10)


def add_years(on: date, years: int) -> date:
    """The same day `years` later (or earlier); 29 February becomes 28 February."""
    try:
        return on.replace(year=on.year + years)
    except ValueError:
        return on.replace(year=on.year + years, day=28)


def add_months(on: date, months: int) -> date:
    """The same day `months` later, clipped to the end of a shorter month."""
    month_index = on.month - 1 + months
    year, month = on.year + month_index // 12, month_index % 12 + 1
    for day in (on.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def validate_plausible_date(value: date) -> None:
    """Refuse dates before 1900 or beyond the horizon (OPSTAP_DATE_HORIZON_YEARS, default ten
    years ahead): almost always a typing error."""
    if value < EARLIEST:
        raise ValidationError(_("Een datum vóór 1900 is niet mogelijk."), code="too_early")
    years = horizon_years()
    if value > add_years(timezone.localdate(), years):
        raise ValidationError(
            _("Deze datum ligt meer dan %(years)s jaar in de toekomst.") % {"years": years},
            code="too_late",
        )
