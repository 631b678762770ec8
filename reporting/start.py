"""The manager's start page (organisations.start): per municipality in scope, the key figures
of the last complete month as stored in its report run (never recomputed), voorlopig or
definitief, and the last six months as a trend. Two queries whatever the number of
municipalities (pinned in organisations/tests/test_home.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.shortcuts import render
from django.utils import timezone

from core.dates import add_months
from core.formatting import number
from organisations.models import Municipality
from organisations.roles import MANAGER
from organisations.start import StartPage
from reporting.finality import Finality, finality
from reporting.models import ReportRun
from reporting.report import percentage
from reporting.services import last_complete_month

TREND_MONTHS = 6
KEYS = ("stand_begin", "instroom", "uitstroom", "stand_eind", "herinstroom")


@dataclass
class MonthFigures:
    month: date
    figures: dict | None = None  # KEYS and "werk" (uitstroom naar werk); None: not built yet
    finality: Finality | None = None
    pending: bool = False  # requested or being built

    @property
    def change(self) -> str:
        """The bestand at the end of the month minus at its start, signed: "+3", "−4", "0"."""
        if not self.figures:
            return "—"
        difference = self.figures["stand_eind"] - self.figures["stand_begin"]
        if difference > 0:
            return f"+{number(difference)}"
        return f"−{number(-difference)}" if difference < 0 else "0"

    @property
    def work_share(self):
        """Uitstroom naar werk as a percentage of the uitstroom (None without uitstroom)."""
        return percentage(self.figures["werk"], self.figures["uitstroom"]) if self.figures else None


@dataclass
class MunicipalityFigures:
    municipality: Municipality
    months: list[MonthFigures] = field(default_factory=list)

    @property
    def last(self) -> MonthFigures:
        return self.months[-1]


def key_figures(municipalities: list[Municipality], last: date) -> list[MunicipalityFigures]:
    """The stored figures of the six months up to `last` for each municipality: one query."""
    months = [add_months(last, -offset) for offset in range(TREND_MONTHS - 1, -1, -1)]
    runs = ReportRun.objects.filter(municipality__in=municipalities, month__in=months).values(
        "municipality_id",
        "month",
        "status",
        "data_date",
        *(f"figures__{key}" for key in KEYS),
        "figures__uitstroom_per_groep__werk",
    )
    found = {(row["municipality_id"], row["month"]): row for row in runs}
    result = []
    for municipality in municipalities:
        entry = MunicipalityFigures(municipality)
        for month in months:
            row = found.get((municipality.pk, month))
            shown = MonthFigures(month)
            if row is not None:
                shown.pending = row["status"] in (
                    ReportRun.Status.QUEUED,
                    ReportRun.Status.BUILDING,
                )
                if row["figures__stand_eind"] is not None:
                    shown.figures = {key: row[f"figures__{key}"] for key in KEYS}
                    shown.figures["werk"] = row["figures__uitstroom_per_groep__werk"] or 0
                    shown.finality = finality(month=month, data_date=row["data_date"])
            entry.months.append(shown)
        result.append(entry)
    return result


def manager_start(request):
    today = timezone.localdate()
    last = last_complete_month(today)
    municipalities = list(Municipality.objects.for_user(request.user).order_by("name"))
    return render(
        request,
        "organisations/home_manager.html",
        {
            "last_month": last,
            "overview": key_figures(municipalities, last),
            "municipalities": municipalities,
            "trend_months": TREND_MONTHS,
        },
    )


MANAGER_START = StartPage("manager", lambda user: user.has_role(MANAGER), manager_start, order=20)
