"""Versions of a month's report: every build is kept (ReportVersion), and what changed between two
builds is read from the figures as the page shows them (reporting/report.py), so "Uitstroom 12 → 11"
uses the page's own labels."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max

from reporting.models import ReportRun, ReportVersion
from reporting.report import flat_rows


@dataclass(frozen=True)
class Change:
    section: str
    label: str
    old: object  # None: the figure was not in the older version
    new: object  # None: the figure is not in the newer version

    def __str__(self) -> str:
        dash = "—"
        old = dash if self.old is None else self.old
        new = dash if self.new is None else self.new
        return f"{self.label} {old} → {new}"


def changes(older: dict, newer: dict) -> list[Change]:
    """The figures whose value differs between two versions, in the newer page's order."""
    before = {(section, label): value for section, label, value, _note in flat_rows(older)}
    after = {(section, label): value for section, label, value, _note in flat_rows(newer)}
    result = [
        Change(section, label, before.get((section, label)), value)
        for (section, label), value in after.items()
        if before.get((section, label)) != value
    ]
    result += [
        Change(section, label, value, None)
        for (section, label), value in before.items()
        if (section, label) not in after and value
    ]
    return result


def add_versions(
    runs: list[ReportRun],
    built: list[dict],
    *,
    data_date,
    built_at,
    snapshot: str,
    mark: int,
    xid: str,
) -> None:
    """A new version for each run with its new figures, numbered on from the run's last one. The
    runs are claimed by the build, so nobody else numbers them meanwhile (and the unique
    constraint would refuse it)."""
    last = dict(
        ReportVersion.objects.filter(run__in=runs)
        .values_list("run_id")
        .annotate(last=Max("number"))
        .values_list("run_id", "last")
    )
    ReportVersion.objects.bulk_create(
        ReportVersion(
            run_id=run.pk,
            number=last.get(run.pk, 0) + 1,
            figures=figures,
            data_date=data_date,
            built_at=built_at,
            reason=run.reason,
            snapshot=snapshot,
            mark=mark,
            xid=xid,
        )
        for run, figures in zip(runs, built, strict=True)
    )
