"""Voorlopig and definitief (DOMAIN §6).

Whether an end in a month is uitstroom is only known OPSTAP_REPORT_RESTART_DAYS after it: a
restart within those days makes it one spell. A month is therefore voorlopig until the window after
its last day has passed, and definitief from the day after (October, 30 days: definitief from 1
December). A run says which by the date of the data it was built with; beat rebuilds a voorlopig
run once its month is definitief (services.ensure_monthly_reports).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.dates import add_months


def definitive_on(month: date) -> date:
    """The first day on which the month's figures can no longer change by a restart: the last day
    plus the restart days, plus one."""
    return add_months(month.replace(day=1), 1) + timedelta(days=settings.OPSTAP_REPORT_RESTART_DAYS)


@dataclass(frozen=True)
class Finality:
    definitive: bool
    on: date  # the day the month becomes (or became) definitief

    @property
    def label(self) -> str:
        return _("Definitief") if self.definitive else _("Voorlopig")

    @property
    def text(self) -> str:
        """One sentence for the page and the downloads."""
        day = date_format(self.on, "j F Y")
        if self.definitive:
            return _(
                "Definitief: berekend vanaf %(day)s, toen de %(days)s dagen voor een herstart "
                "voorbij waren."
            ) % {"day": day, "days": settings.OPSTAP_REPORT_RESTART_DAYS}
        return _(
            "Voorlopig: een uitkering die eindigt kan binnen %(days)s dagen herstarten en telt dan "
            "niet als uitstroom. De maand wordt definitief op %(day)s en wordt dan opnieuw berekend."
        ) % {"day": day, "days": settings.OPSTAP_REPORT_RESTART_DAYS}


def finality(*, month: date, data_date: date | None) -> Finality:
    """A build is definitief when its data are of the day the month became definitief or later."""
    on = definitive_on(month)
    return Finality(definitive=data_date is not None and data_date >= on, on=on)
