"""Benchmark runner: request named pages as a logged-in user, in-process, on a seeded database.

    .venv/bin/python manage.py seed_demo --reset --clients 1000000   # once
    .venv/bin/python bench/run.py [--repeat 50] [--only caseload,client_detail]

Prints p50/p95 server time and the query count per page, and writes bench/results/<time>.json.
Pages and targets live in bench/pages.py; later issues add theirs there.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The test settings: production settings with DEBUG off, but static files from the finders
# (no collectstatic needed) and test-only secrets.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.pages import PAGES, prepare

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", default="", help="comma-separated page names")
    args = parser.parse_args()
    wanted = {name for name in args.only.split(",") if name}

    context = prepare()
    results = []
    for page in PAGES:
        if wanted and page.name not in wanted:
            continue
        http = Client()
        http.force_login(context.users[page.user])
        url = page.url(context)
        warm = http.get(url)  # warm caches
        if warm.status_code in (301, 302):
            # A search moves its term into the session and redirects: time the page it shows.
            url = warm["Location"]
            http.get(url)
        times, queries, status = [], 0, None
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = http.get(url)
                times.append((time.perf_counter() - started) * 1000)
            queries, status = len(captured), response.status_code
        row = {
            "page": page.name,
            "url": url,
            "status": status,
            "queries": queries,
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "target_p95_ms": page.target_ms,
            "repeat": args.repeat,
        }
        row["ok"] = status == 200 and row["p95_ms"] <= page.target_ms
        results.append(row)
        print(
            f"{page.name:<28} p50 {row['p50_ms']:>7.1f} ms  p95 {row['p95_ms']:>7.1f} ms  "
            f"target {page.target_ms:>5} ms  queries {queries:>3}  "
            f"{'ok' if row['ok'] else 'TOO SLOW' if status == 200 else f'HTTP {status}'}"
        )

    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    out = out_dir / f"{datetime.now():%Y%m%d-%H%M%S}.json"  # noqa: DTZ005 - a local file name
    out.write_text(json.dumps({"dataset": context.dataset, "pages": results}, indent=2))
    print(f"written to {out.relative_to(ROOT)}")
    return 0 if all(row["ok"] for row in results) else 1


if __name__ == "__main__":
    sys.exit(main())
