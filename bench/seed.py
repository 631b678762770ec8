"""Benchmark of `manage.py seed_demo` (issue 22): seconds, CPU and peak memory of a demo build.

    DATABASE_URL=... .venv/bin/python bench/seed.py --clients 1000000 [--seed 2026]

Runs `seed_demo --reset --clients N` in this process, as `make run` does in its own, and prints
the command's own lines (seconds per builder) followed by: wall seconds, clients per second, the
CPU seconds of this process (Python, the COPY thread included) and of its database backend (read
from /proc, so only when PostgreSQL runs on this machine; on a machine shared with other work the
CPU seconds say more than the wall seconds), and the peak resident memory of this process.
Targets (issue 22, docs/performance.md): 1M clients in under 300 s and under 1 GB.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def backend_cpu_seconds(connection) -> float | None:
    """CPU seconds the connection's PostgreSQL backend has used, if it runs on this machine."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    db_before = backend_cpu_seconds(connection)
    cpu_before = time.process_time()
    started = time.perf_counter()
    call_command("seed_demo", clients=args.clients, seed=args.seed, reset=True)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_before
    db_after = backend_cpu_seconds(connection)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    db = "?" if db_before is None or db_after is None else f"{db_after - db_before:.0f} s"
    print(
        f"seed_demo --clients {args.clients:,}: {seconds:.1f} s "
        f"({args.clients / seconds:,.0f} cliënten/s), CPU Python {cpu:.0f} s, database {db}, "
        f"piekgeheugen {peak_mb:,.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
