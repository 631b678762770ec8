"""Benchmark of the monthly reports on a seeded database (issue 7's targets).

    DATABASE_URL=... .venv/bin/python bench/reports.py [--redis redis://127.0.0.1:6379/14]

1. One municipality-month (the largest municipality, last month): the report's build time
   against a single hand-written SQL aggregate over the same rows (the stand eind per category,
   joining the municipality's benefit periods, clients and assessments), measured in the same run;
   prints the ratio. Targets: within 2 s, and within 2x the aggregate.
2. 36 months for every municipality through a real Celery worker process (solo pool, Redis
   broker): wall time from queueing to the last run done, and the worker's peak resident memory.
   Targets: within 60 s, under 500 MB.
3. With --compare: each of those reports (built several months at once) against the same month
   built alone with the one-month SQL; prints how many are equal.
4. With --drill (issue 17): the 36-month build of the largest municipality with and without what
   a version keeps for its drill-downs (the snapshot, reporting/as_of.py), alternating in one
   process so both see the same load; the report page and drill-downs (stand eind, the largest
   list; the current and the first version, page 1 and the last page) as p50/p95 server time
   through Django's test client as the teamleider; and the size of the kept rows.
5. With --read-only (issue 17, on a database that is not yours): only the report page, the
   drill-downs and the kept rows' size, with EXPLAIN ANALYZE of the largest list's count and
   first page; every request runs in one transaction that is rolled back, so not even the
   access log the pages write stays.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

BASELINE_SQL = """
SELECT a.category_id, COUNT(*)
FROM clients_benefitperiod bp
JOIN clients_client c ON c.id = bp.client_id
LEFT JOIN categorisation_assessment a ON a.client_id = bp.client_id
     AND a.date <= %(last)s AND (a.valid_until IS NULL OR a.valid_until > %(last)s)
WHERE bp.municipality_id = %(municipality)s
  AND bp.start <= %(last)s AND (bp."end" IS NULL OR bp."end" > %(last)s)
GROUP BY a.category_id
"""


def timed(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def single_report(municipality, month, repeat: int) -> dict:
    from django.db import connection, transaction

    from reporting.queries import Month, month_figures, use_report_memory

    period = Month.of(month)

    def report():
        with transaction.atomic():
            month_figures(municipality_id=municipality.pk, month=period)

    def baseline():
        with transaction.atomic(), connection.cursor() as cursor:
            use_report_memory(cursor)  # the same memory as the report's transaction
            cursor.execute(BASELINE_SQL, {"last": period.last, "municipality": municipality.pk})
            cursor.fetchall()

    report()  # warm caches
    baseline()
    report_s, baseline_s = timed(report, repeat), timed(baseline, repeat)
    return {"report_s": report_s, "baseline_s": baseline_s, "ratio": report_s / baseline_s}


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def many_reports(redis_url: str, months: int) -> dict:
    from celery import Celery
    from django.db import connection
    from django.utils import timezone

    from core.dates import add_months
    from organisations.models import Municipality
    from reporting.models import ReportRun
    from reporting.services import last_complete_month

    last = last_complete_month(timezone.localdate())
    wanted = [add_months(last, -offset) for offset in range(months)]
    municipalities = list(Municipality.objects.all())
    ReportRun.objects.filter(month__in=wanted).delete()
    now = timezone.now()
    runs = ReportRun.objects.bulk_create(
        ReportRun(municipality=m, month=month, requested_at=now)
        for m in municipalities
        for month in wanted
    )
    queue = f"bench-{os.getpid()}"
    env = {
        **os.environ,
        "OPSTAP_CELERY_WORKER": "1",
        "CELERY_BROKER_URL": redis_url,
        "OPSTAP_TEST_DATABASE_NAME": connection.settings_dict["NAME"],
    }
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
         "--concurrency=1", "-Q", queue, "--without-gossip", "--without-mingle",
         "--loglevel=WARNING"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        time.sleep(3)  # worker start-up is not part of the measurement
        sender = Celery("bench", broker=redis_url)
        started = time.perf_counter()
        for run in runs:
            sender.send_task("reporting.tasks.build_report_run", args=[run.pk], queue=queue)
        peak = 0.0
        while (
            ReportRun.objects.filter(pk__in=[r.pk for r in runs]).exclude(status="klaar").exists()
        ):
            if worker.poll() is not None:
                raise RuntimeError("the worker stopped")
            peak = max(peak, peak_rss_mb(worker.pid))
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        peak = max(peak, peak_rss_mb(worker.pid))
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return {"runs": len(runs), "wall_s": elapsed, "worker_peak_rss_mb": peak}


def compare_with_one_month(months: int) -> tuple[int, int]:
    """The stored figures of the runs (without the names) against each month built alone."""
    from django.db import transaction
    from django.utils import timezone

    from core.dates import add_months
    from reporting.models import ReportRun
    from reporting.queries import Month, month_figures
    from reporting.services import last_complete_month

    last = last_complete_month(timezone.localdate())
    wanted = [add_months(last, -offset) for offset in range(months)]
    equal = total = 0
    for run in ReportRun.objects.filter(month__in=wanted, status="klaar"):
        stored = {key: value for key, value in run.figures.items() if key != "labels"}
        with transaction.atomic():
            alone = month_figures(municipality_id=run.municipality_id, month=Month.of(run.month))
        # Through JSON as the stored figures went: the same keys and numbers.
        equal += json.loads(json.dumps(alone)) == stored
        total += 1
    return equal, total


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def build_with_and_without_snapshot(municipality, months: int, repeat: int) -> dict:
    """The 36-month build (services.build_report), alternating: with take_snapshot as it is, and
    with it replaced by a constant (what the build cost before versions kept their snapshot)."""
    from unittest import mock

    from django.utils import timezone

    from core.dates import add_months
    from reporting import services
    from reporting.models import ReportRun, ReportVersion
    from reporting.services import last_complete_month

    last = last_complete_month(timezone.localdate())
    wanted = [add_months(last, -offset) for offset in range(months)]
    runs = list(ReportRun.objects.filter(municipality=municipality, month__in=wanted))
    fixed = {"snapshot": "1:1:", "mark": 0, "xid": "1"}
    times: dict[str, list[float]] = {"with": [], "without": []}
    for turn in range(2 * repeat):
        how = "with" if turn % 2 else "without"
        ReportRun.objects.filter(pk__in=[r.pk for r in runs]).update(status="wachtrij")
        started = time.perf_counter()
        if how == "with":
            services.build_report(run_id=runs[0].pk)
        else:
            with mock.patch.object(services, "take_snapshot", return_value=fixed):
                services.build_report(run_id=runs[0].pk)
        times[how].append(time.perf_counter() - started)
    # The versions the "without" builds made have no real snapshot: keep only the others.
    ReportVersion.objects.filter(run__in=runs, snapshot=fixed["snapshot"]).delete()
    return {how: statistics.median(values) for how, values in times.items()}


def drill_pages(municipality, repeat: int) -> dict:
    from django.test import Client as Browser
    from django.utils import timezone

    from organisations.models import User
    from reporting.models import ReportRun
    from reporting.services import last_complete_month

    month = last_complete_month(timezone.localdate())
    run = ReportRun.objects.get(municipality=municipality, month=month)
    first = run.versions.order_by("number").first()
    stand = first.figures["stand_eind"]
    base = f"/rapportages/{municipality.pk}/{month.year}/{month.month}/"
    last_page = (stand + 49) // 50
    pages = {
        "report page": base,
        "drill-down stand eind, current version": base + "clienten/?cijfer=stand_eind",
        f"drill-down stand eind, version {first.number}, last page": base
        + f"clienten/?cijfer=stand_eind&versie={first.number}&pagina={last_page}",
    }
    browser = Browser()
    browser.force_login(User.objects.get(username="teamleider"))
    result = {}
    for name, url in pages.items():
        browser.get(url)  # warm
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = browser.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        result[name] = (percentile(times, 0.5) * 1000, percentile(times, 0.95) * 1000)
    result["rows"] = stand
    return result


def explain_largest(municipality) -> list[str]:
    """EXPLAIN ANALYZE of the count and the first page of stand eind, current version, in the
    teamleider's scope: the queries the drill-down page runs."""
    from django.db import connection
    from django.utils import timezone

    from clients.models import Client
    from organisations.models import User
    from reporting.drill import Rows, rows_sql
    from reporting.models import ReportRun
    from reporting.queries import Month
    from reporting.services import last_complete_month

    month = last_complete_month(timezone.localdate())
    version = ReportRun.objects.get(municipality=municipality, month=month).versions.first()
    sql, params = rows_sql(municipality_id=municipality.pk, month=Month.of(month), key="stand_eind", version=version)  # fmt: skip
    rows = Rows(Client.objects.for_user(User.objects.get(username="teamleider")), sql, params)
    lines = []
    with connection.cursor() as cursor:
        for query in (f"SELECT COUNT(*) FROM {rows.rows}", f"{rows._ordered()} LIMIT 50"):  # noqa: S608
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query}", rows.params)
            lines += [line for (line,) in cursor.fetchall()] + ["--"]
    return lines


def kept_sizes() -> dict:
    """Rows (counted) and pg_total_relation_size (table, indexes, TOAST) of each kept table."""
    from django.db import connection

    from reporting.as_of import KEPT_TABLES

    sizes = {}
    with connection.cursor() as cursor:
        for table in KEPT_TABLES:
            cursor.execute(f"SELECT COUNT(*), pg_total_relation_size('{table}') FROM {table}")  # noqa: S608
            sizes[table] = cursor.fetchone()
    return sizes


def main() -> int:
    import django

    django.setup()
    from django.utils import timezone

    from organisations.models import Municipality
    from reporting.services import last_complete_month

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument(
        "--compare", action="store_true", help="check each report against its month built alone"
    )
    parser.add_argument("--drill", action="store_true", help="the drill-down figures (issue 17)")
    parser.add_argument(
        "--read-only", action="store_true", help="pages, drill-downs and sizes, rolled back"
    )
    args = parser.parse_args()

    from clients.models import BenefitPeriod

    largest = max(
        Municipality.objects.all(),
        key=lambda m: BenefitPeriod.objects.filter(municipality=m).count(),
    )
    if args.read_only:
        from django.db import transaction

        with transaction.atomic():
            pages = drill_pages(largest, max(args.repeat, 20))
            explained = explain_largest(largest)
            transaction.set_rollback(True)
        for name, value in pages.items():
            if name != "rows":
                print(f"{name}: p50 {value[0]:.0f} ms, p95 {value[1]:.0f} ms")
        print(f"(stand eind: {pages['rows']} rows)")
        print("\n".join(explained))
        for name, (rows, size) in kept_sizes().items():
            print(f"{name}: {rows} rows, {size / 2**20:.1f} MB")
        return 0
    if args.drill:
        built = build_with_and_without_snapshot(largest, args.months, args.repeat)
        print(
            f"{args.months} months of {largest.name}, median of {args.repeat}: "
            f"{built['without']:.3f} s without the snapshot, {built['with']:.3f} s with "
            f"({built['with'] / built['without'] - 1:+.1%}; target at most +20%)"
        )
        pages = drill_pages(largest, max(args.repeat, 20))
        for name, value in pages.items():
            if name != "rows":
                print(f"{name}: p50 {value[0]:.0f} ms, p95 {value[1]:.0f} ms")
        print(f"(stand eind: {pages['rows']} rows)")
        for name, (rows, size) in kept_sizes().items():
            print(f"{name}: {rows} rows, {size / 2**20:.1f} MB")
        return 0
    single = single_report(largest, last_complete_month(timezone.localdate()), args.repeat)
    print(
        f"one report ({largest.name}): {single['report_s']:.3f} s; hand-written aggregate "
        f"{single['baseline_s']:.3f} s; ratio {single['ratio']:.2f} (targets 2 s and 2x)"
    )
    many = many_reports(args.redis, args.months)
    print(
        f"{many['runs']} reports through one worker: {many['wall_s']:.2f} s; worker peak RSS "
        f"{many['worker_peak_rss_mb']:.0f} MB (targets 60 s and 500 MB)"
    )
    same = True
    if args.compare:
        equal, total = compare_with_one_month(args.months)
        print(f"{equal} of {total} reports equal to their month built alone")
        same = equal == total
    ok = (
        same
        and single["report_s"] <= 2
        and single["ratio"] <= 2
        and many["wall_s"] <= 60
        and many["worker_peak_rss_mb"] < 500
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
