"""Benchmark of the caseload import (issue 22): is it linear in the file, whatever the table?

    DATABASE_URL=... .venv/bin/python bench/import.py --rows 10000 100000 [--user consulent.lv]

On a database built by `seed_demo`, for each size: generate a CSV of that many new clients (valid
BSNs that are not in the database yet, the codes of the demo's three municipalities, 30% with an end date and reason), import it
with the user's rights exactly as `manage.py import_caseload` does, and print the seconds, the
rows per second and the rows written. The clients and periods it added stay (so a later size
lands in a larger table, as a second import would). With two or more sizes it prints the ratio of
the largest time to the smallest against the ratio of the rows: linear means about equal.
Targets (docs/performance.md): 100,000 rows into 1M clients in under 30 s, 10,000 in under 5 s,
time ratio 100k / 10k under 12.

With --command, each file is imported as a beheerder would load a first full file: by
`manage.py import_caseload FILE --user U --max-rows N` in a child process, which prints the
seconds, rows per second and the child's peak resident memory (issue 22: 1,000,000 rows into an
empty database, `seed_demo --clients 0`, in under 5 minutes). Without it the import runs in this
process, with --max-rows raised to the file's rows as well.

With --while-reading, the largest file is imported by `manage.py import_caseload` in a second
process while this one asks the consulent's caseload page (Django's test client, in-process, as
bench/run.py does) over and over until the import ends; it prints p50 and p95 of those page
times (target: p95 under 200 ms) and how the page did before the import, for comparison.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

CODES = ["1916", "0629", "0626"]
REASONS = ["11", "32", "02", "01"]


def valid_bsns(start: int):
    """Nine-digit numbers passing the elfproef, counting up from an eight-digit prefix."""
    prefix = start
    while True:
        digits = [int(d) for d in f"{prefix:08d}"]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        check = total % 11  # sum - check*1 must be divisible by 11
        if check < 10:
            yield f"{prefix:08d}{check}"
        prefix += 1


def generate(rows: int, seed: int, first_prefix: int, taken: set[str]) -> bytes:
    rng = random.Random(seed)
    lines = [
        "bsn;voornamen;tussenvoegsel;achternaam;geboortedatum;gemeentecode;ingangsdatum;"
        "einddatum;reden_einde;consulent"
    ]
    bsns = (bsn for bsn in valid_bsns(first_prefix) if bsn not in taken)
    for n in range(rows):
        born = date(1960, 1, 1) + timedelta(days=rng.randrange(40 * 365))
        start = date(2018, 1, 1) + timedelta(days=rng.randrange(8 * 365))
        end, reason = "", ""
        if rng.random() < 0.3:
            end = (start + timedelta(days=30 + rng.randrange(700))).isoformat()
            reason = rng.choice(REASONS)
        lines.append(
            f"{next(bsns)};Voornaam{n};;Bench{n % 997};{born.isoformat()};{rng.choice(CODES)};"
            f"{start.isoformat()};{end};{reason};"
        )
    return ("\n".join(lines) + "\n").encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--user", default="consulent.lv")
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument(
        "--while-reading",
        action="store_true",
        help="import the largest file in a second process and time the caseload meanwhile",
    )
    parser.add_argument("--reader", default="consulent.lv", help="whose caseload is timed")
    parser.add_argument(
        "--command",
        action="store_true",
        help="import each file with manage.py import_caseload --max-rows in a child process",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    from clients.importer import import_caseload
    from clients.models import Client
    from organisations.models import User

    user = User.objects.get(username=args.user)
    # A user of one municipality may import only its code: widen to the organisation's.
    user.municipalities.set(user.organisation.municipalities.all())
    if args.while_reading:
        rows = max(args.rows)
        taken = set(Client.objects.values_list("bsn", flat=True).iterator(chunk_size=50_000))
        data = generate(rows, args.seed, 80_000_000, taken)
        del taken
        return _while_reading(data, rows, user=user, reader=User.objects.get(username=args.reader))
    results = []
    for index, rows in enumerate(args.rows):
        taken = set(Client.objects.values_list("bsn", flat=True).iterator(chunk_size=50_000))
        data = generate(rows, args.seed + index, 70_000_000 + index * 2_000_000, taken)
        del taken
        before = Client.objects.count()
        if args.command:
            seconds, peak_mb = _by_command(data, rows, user=user)
            if seconds is None:
                return 1
        else:
            started = time.perf_counter()
            report = import_caseload(
                data=data,
                user=user,
                commit=True,
                max_bytes=max(len(data), settings.OPSTAP_IMPORT_MAX_BYTES),
                max_rows=max(rows, settings.OPSTAP_IMPORT_MAX_ROWS),
            )
            seconds = time.perf_counter() - started
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
            if not report.ok:
                print(f"{rows} rijen: {len(report.errors)} fouten, bv. {report.errors[:3]}")
                return 1
        added = Client.objects.count() - before
        results.append((rows, seconds))
        print(
            f"{rows:>9,} rijen in een tabel van {before:,} cliënten: {seconds:7.1f} s "
            f"({rows / seconds:,.0f} rijen/s), {added:,} cliënten toegevoegd, "
            f"piekgeheugen {peak_mb:,.0f} MB"
        )
    if len(results) > 1:
        (small, t_small), (large, t_large) = min(results), max(results)
        print(f"tijdverhouding {t_large / t_small:.1f} bij rijenverhouding {large / small:.1f}")
    return 0


def _import_command(path: str, user, *options: str) -> list[str]:
    return [sys.executable, "manage.py", "import_caseload", path, "--user", user.username, *options]


def _by_command(data: bytes, rows: int, *, user) -> tuple[float | None, float]:
    """Import the file with the management command in a child process: (seconds, the child's
    peak resident memory in MB); seconds is None when the import failed."""
    with tempfile.NamedTemporaryFile(suffix=".csv") as file:
        file.write(data)
        file.flush()
        command = _import_command(file.name, user, "--max-rows", str(rows))
        started = time.perf_counter()
        child = subprocess.Popen(  # noqa: S603 - our own command
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        output = child.stdout.read()
        _pid, status, usage = os.wait4(child.pid, 0)  # the child's own peak memory
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        print(output[-2000:])
        return None, 0.0
    return seconds, usage.ru_maxrss / 1024  # kB on Linux


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _time_page(http, url: str) -> float:
    started = time.perf_counter()
    response = http.get(url)
    assert response.status_code == 200, response.status_code
    return (time.perf_counter() - started) * 1000


def _while_reading(data: bytes, rows: int, *, user, reader) -> int:
    from django.test import Client as HttpClient

    http = HttpClient()
    http.force_login(reader)
    url = "/clienten/"
    _time_page(http, url)  # warm caches
    before = [_time_page(http, url) for _ in range(30)]
    with tempfile.NamedTemporaryFile(suffix=".csv") as file:
        file.write(data)
        file.flush()
        command = _import_command(file.name, user)
        started = time.perf_counter()
        importer = subprocess.Popen(  # noqa: S603 - our own command
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        during = []
        while importer.poll() is None:
            during.append(_time_page(http, url))
        seconds = time.perf_counter() - started
        if importer.returncode != 0:
            print(importer.stderr.read()[-2000:])
            return 1
    for name, times in (("voor de import", before), ("tijdens de import", during)):
        print(
            f"caseload {name}: {len(times)} keer, p50 {statistics.median(times):.1f} ms, "
            f"p95 {_percentile(times, 0.95):.1f} ms"
        )
    print(f"import van {rows:,} rijen in een tweede proces: {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
