"""Requesting, queueing and building monthly report runs.

A request is saved first and queued after commit. Every build is kept as a ReportVersion
(reporting/versions.py); the run holds the newest figures. When the broker cannot be reached the run stays
"in wachtrij" and the sweeper queues it later. A build claims its run with one conditional
UPDATE, so two tasks for the same run build it once; a run left "bezig" by a lost worker is
claimable again after OPSTAP_REPORT_STALE_MINUTES. A build takes along the other months of its
municipality that wait in the queue: the figures of many months cost about what one month costs
(reporting/months.py), so catching up 36 months is three builds, not 108.
"""

from __future__ import annotations

import logging
import time
from datetime import date, timedelta

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from categorisation.models import Category
from core.dates import add_months
from organisations.models import Municipality, User
from reporting.as_of import changed_since, prune_kept_rows, take_snapshot
from reporting.finality import definitive_on, finality
from reporting.models import BuildReason, ReportRun, ReportVersion
from reporting.queries import Month, months_figures
from reporting.versions import add_versions
from trajectories.models import TrajectoryType

logger = logging.getLogger(__name__)
Status = ReportRun.Status


def last_complete_month(today: date) -> date:
    return add_months(today.replace(day=1), -1)


@transaction.atomic
def request_report(
    *, municipality: Municipality, month: date, by: User | None, reason: str = BuildReason.REQUEST
) -> ReportRun:
    """Ask for a month's report (again), for a reason the new version will carry. Finished
    figures stay visible until the new build replaces them. Queued after commit."""
    month = month.replace(day=1)
    run, created = ReportRun.objects.select_for_update().get_or_create(
        municipality=municipality,
        month=month,
        defaults={"requested_at": timezone.now(), "requested_by": by, "reason": reason},
    )
    if not created and not run.is_pending:
        run.status = Status.QUEUED
        run.requested_at, run.requested_by, run.error = timezone.now(), by, ""
        run.reason = reason
        run.save(update_fields=["status", "requested_at", "requested_by", "error", "reason"])
    if created or run.status == Status.QUEUED:
        transaction.on_commit(lambda: queue_run(run.pk))
    return run


def queue_run(run_id: int) -> bool:
    """Hand a run to Celery; False (and the run stays in the queue table) if the broker is down."""
    from reporting.tasks import build_report_run

    try:
        build_report_run.delay(run_id)
    except Exception:  # kombu raises several kinds when the broker is unreachable
        logger.warning("Maandrapportage %s niet in de wachtrij gezet; de sweeper probeert het later", run_id, exc_info=True)  # fmt: skip
        return False
    ReportRun.objects.filter(pk=run_id).update(queued_at=timezone.now())
    return True


def _stale_before():
    return timezone.now() - timedelta(minutes=settings.OPSTAP_REPORT_STALE_MINUTES)


def claim_run(run_id: int) -> bool:
    """Mark the run "bezig" if it is waiting (or lost with its worker). True for one caller."""
    claimable = Q(status=Status.QUEUED) | Q(status=Status.BUILDING, started_at__lt=_stale_before())
    return bool(
        ReportRun.objects.filter(claimable, pk=run_id).update(
            status=Status.BUILDING, started_at=timezone.now()
        )
    )


def claim_queued_months(run: ReportRun) -> list[ReportRun]:
    """Other runs of the run's municipality that wait in the queue, newest first, marked "bezig"
    to be built with it (up to OPSTAP_REPORT_BATCH_MONTHS in all). Rows another task is claiming
    are skipped; their own tasks find them taken and do nothing."""
    with transaction.atomic():
        waiting = (
            ReportRun.objects.select_for_update(skip_locked=True)
            .filter(municipality_id=run.municipality_id, status=Status.QUEUED)
            .exclude(pk=run.pk)
            .order_by("-month")
            .values_list("pk", flat=True)
        )
        pks = list(waiting[: max(settings.OPSTAP_REPORT_BATCH_MONTHS - 1, 0)])
        ReportRun.objects.filter(pk__in=pks).update(
            status=Status.BUILDING, started_at=timezone.now()
        )
    return list(ReportRun.objects.filter(pk__in=pks))


def build_report(*, run_id: int) -> bool:
    """Build a claimed run, together with the other months of its municipality that wait in the
    queue: figures from one consistent snapshot of the data, saved in one transaction with status
    "klaar"; on an error those runs are "mislukt" with the reason. Returns False when another task
    has the run already."""
    if not claim_run(run_id):
        return False
    run = ReportRun.objects.select_related("municipality").get(pk=run_id)
    runs = [run, *claim_queued_months(run)]
    pks = [each.pk for each in runs]
    started = time.monotonic()
    outermost = not connection.in_atomic_block
    try:
        with transaction.atomic():
            if outermost:  # one snapshot for every figure (inside a caller's transaction anyway)
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            months = {each.pk: Month.of(each.month) for each in runs}
            figures = months_figures(
                municipality_id=run.municipality_id, months=list(months.values())
            )
            built = [figures[months[each.pk]] for each in runs]
            for each_figures, labels in zip(built, _labels(built, run.municipality), strict=True):
                each_figures["labels"] = labels
            seconds = round(time.monotonic() - started, 3)
            data_date, built_at = timezone.localdate(), timezone.now()
            for each, each_figures in zip(runs, built, strict=True):
                ReportRun.objects.filter(pk=each.pk).update(
                    status=Status.DONE,
                    figures=each_figures,
                    data_date=data_date,
                    built_at=built_at,
                    build_seconds=seconds,
                    error="",
                )
            # Every build is kept, with what it saw; the run's figures are the newest version's.
            add_versions(runs, built, data_date=data_date, built_at=built_at, **take_snapshot())
    except OperationalError:
        # The database went away: back in the queue, and the task retries.
        ReportRun.objects.filter(pk__in=pks).update(status=Status.QUEUED, started_at=None)
        raise
    except Exception as error:
        logger.exception("Maandrapportage %s mislukt", run)
        ReportRun.objects.filter(pk__in=pks).update(
            status=Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
    return True


def _labels(all_figures: list[dict], municipality: Municipality) -> list[dict]:
    """Names as they were when the reports were made, so that each snapshot reads on its own:
    looked up once for all the months of a build, each month keeping the names it uses."""

    def ids(key: str) -> set[int]:
        return {int(pk) for figures in all_figures for pk in figures[key] if pk}

    categories = {
        str(pk): [code, unit, order]
        for pk, code, unit, order in Category.objects.filter(pk__in=ids("categorie")).values_list(
            "pk", "code", "unit__name", "sort_order"
        )
    }
    consulenten = {
        str(user.pk): str(user)
        for user in User.objects.filter(pk__in=ids("consulent")).only(
            "first_name", "last_name", "username"
        )
    }
    type_ids = {entry["type"] for figures in all_figures for entry in figures["trajecten"]}
    types = {
        str(pk): [name, code]
        for pk, name, code in TrajectoryType.objects.filter(pk__in=type_ids).values_list(
            "pk", "name", "code"
        )
    }
    return [
        {
            "gemeente": municipality.name,
            "categorie": {pk: categories[pk] for pk in figures["categorie"] if pk in categories},
            "consulent": {pk: consulenten[pk] for pk in figures["consulent"] if pk in consulenten},
            "type": {
                str(entry["type"]): types[str(entry["type"])]
                for entry in figures["trajecten"]
                if str(entry["type"]) in types
            },
        }
        for figures in all_figures
    ]


def sweep() -> int:
    """Queue runs that never reached the broker, and runs lost with their worker."""
    waiting = ReportRun.objects.filter(
        Q(status=Status.QUEUED, queued_at__isnull=True)
        | Q(status=Status.QUEUED, queued_at__lt=_stale_before())
        | Q(status=Status.BUILDING, started_at__lt=_stale_before())
    )
    return sum(queue_run(pk) for pk in waiting.values_list("pk", flat=True))


def ensure_monthly_reports(*, today: date) -> int:
    """Request last month's report for every municipality that lacks it (voorlopig), and rebuild
    every finished month that was built voorlopig and has become definitief (reporting/finality.py).
    Safe to run twice: a rebuild waiting or building is not requested again."""
    month = last_complete_month(today)
    have = set(ReportRun.objects.filter(month=month).values_list("municipality_id", flat=True))
    missing = Municipality.objects.exclude(pk__in=have)
    for municipality in missing:
        request_report(municipality=municipality, month=month, by=None)
    # Voorlopig runs are the recent ones: built with data of a day before the month's definitive day.
    built = ReportRun.objects.filter(status=Status.DONE).select_related("municipality")
    due = [
        run
        for run in built.filter(data_date__lt=today)
        if definitive_on(run.month) <= today
        and not finality(month=run.month, data_date=run.data_date).definitive
    ]
    for run in due:
        request_report(
            municipality=run.municipality, month=run.month, by=None, reason=BuildReason.DEFINITIVE
        )
    corrected = corrected_runs(today=today, exclude={run.pk for run in due})
    for run in corrected:
        request_report(
            municipality=run.municipality, month=run.month, by=None, reason=BuildReason.CORRECTION
        )
    # The kept states no version reads any more (reporting/as_of.py, prune_kept_rows).
    pruned = prune_kept_rows()
    logger.info("Bewaarde rijen: %s weggehaald die geen versie nog leest", pruned)
    return len(missing) + len(due) + len(corrected)


def corrected_runs(*, today: date, exclude: set[int]) -> list[ReportRun]:
    """Finished definitief months whose benefit periods or assessments were corrected after their
    newest version was built (a back-dated end, a withdrawn assessment): reporting/as_of.py
    compares what that version saw with what is there now, as the month reads it."""
    runs = ReportRun.objects.filter(status=Status.DONE).exclude(pk__in=exclude)
    newest = {
        version.run_id: version
        for version in ReportVersion.objects.filter(run__in=runs)
        .exclude(snapshot="")
        .defer("figures")
        .order_by("run_id", "-number")
        .distinct("run_id")
    }
    result = []
    for run in runs.select_related("municipality"):
        version = newest.get(run.pk)
        if version is None or not finality(month=run.month, data_date=version.data_date).definitive:
            continue
        period = Month.of(run.month)
        if changed_since(version=version, municipality_id=run.municipality_id,
                         first=period.first, after=period.after):  # fmt: skip
            result.append(run)
    return result
