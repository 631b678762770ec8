"""Issue 19: a bulk handover of N clients (default 5,000) in one transaction, on a database
built by seed_demo; rolled back afterwards, so it can run again. Then the handover page as the
teamleider uses it (the page must answer within 2 s), each request in a rolled-back transaction
in which the source consulent has those N clients: the page of consulenten with caseload sizes
and open signals, the source's caseload to choose from, and the POST that hands the whole
caseload over (`--repeat` times each; median and slowest).

    DJANGO_DEBUG=1 .venv/bin/python bench/handover.py --clients 5000 [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

import statistics  # noqa: E402

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client as Browser  # noqa: E402

from clients.models import Client  # noqa: E402
from handover.services import hand_over  # noqa: E402
from organisations.models import User  # noqa: E402


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    teamleider = User.objects.get(username="teamleider")
    busiest = (
        Client.objects.filter(consulent__isnull=False)
        .values("consulent", "municipality")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    source = User.objects.get(pk=busiest["consulent"])
    municipality = source.municipalities.get(pk=busiest["municipality"])
    target = (
        User.objects.filter(municipalities=municipality, groups__name="consulent")
        .exclude(pk=source.pk)
        .first()
    )
    ids = list(
        Client.objects.filter(municipality=municipality)
        .exclude(consulent=target)
        .order_by("pk")
        .values_list("pk", flat=True)[: args.clients]
    )
    # Give the source consulent exactly these clients first (inside the rolled-back transaction).
    total = Client.objects.count()
    try:
        with transaction.atomic():
            Client.objects.filter(pk__in=ids).update(consulent=source)
            before = len(connection.queries)
            started = time.perf_counter()
            handover = hand_over(municipality=municipality, from_consulent=source, to=target,
                                 note="Bench", by=teamleider, client_ids=ids)  # fmt: skip
            elapsed = time.perf_counter() - started
            moved = handover.clients.count()
            raise Rollback
    except Rollback:
        pass
    print(
        f"{total} clients in the database; handed over {moved} in one transaction in "
        f"{elapsed * 1000:.0f} ms ({len(connection.queries) - before} queries with DEBUG)"
    )
    pages(args, teamleider, municipality, source, target, ids)


def pages(args, teamleider, municipality, source, target, ids) -> None:
    browser = Browser(HTTP_HOST="localhost")
    browser.force_login(teamleider)
    base = f"/overdracht/?gemeente={municipality.pk}"
    requests = [
        ("page of consulenten (sizes, open signals)", "get", base, None),
        (f"source's caseload to choose from ({len(ids)})", "get", f"{base}&van={source.pk}", None),
        (
            f"POST: hand over the whole caseload ({len(ids)})",
            "post",
            f"{base}&van={source.pk}",
            {"to": target.pk, "note": "Bench", "whole": "on"},
        ),
    ]
    for label, method, path, data in requests:
        times = []
        for _ in range(args.repeat + 1):  # the first warms the caches: left out
            try:
                with transaction.atomic():
                    Client.objects.filter(pk__in=ids).update(consulent=source)
                    started = time.perf_counter()
                    response = getattr(browser, method)(path, data) if data else browser.get(path)
                    times.append((time.perf_counter() - started) * 1000)
                    assert response.status_code in (200, 302), response.status_code
                    if method == "post":
                        assert response.status_code == 302, "the handover was refused"
                        moved = Client.objects.filter(pk__in=ids, consulent=target).count()
                        assert moved == len(ids), moved
                    raise Rollback
            except Rollback:
                pass
        times = times[1:]
        print(f"{label}: median {statistics.median(times):.0f} ms, slowest {max(times):.0f} ms "
              f"({len(times)} requests)")  # fmt: skip


if __name__ == "__main__":
    main()
