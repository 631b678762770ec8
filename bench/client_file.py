"""The client file with 20 appointments and 100 timeline entries (issue 18): GET the file and
its timeline page 50 times each as the consulent, print the median and p95 in milliseconds.

Needs a seeded database (`manage.py seed_demo`); the first client of consulent.lv gets the
appointments and enough notes for 100 timeline entries (once; running it again reuses them).

    DATABASE_URL=... .venv/bin/python bench/client_file.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import time as clock
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.test import Client as Browser  # noqa: E402
from django.utils import timezone  # noqa: E402

from agenda.models import Appointment, AppointmentKind  # noqa: E402
from clients.models import Client, ContactKind, ContactNote  # noqa: E402
from clients.timeline import timeline  # noqa: E402
from organisations.models import User  # noqa: E402

RUNS = 50
APPOINTMENTS = 20
ENTRIES = 100


def busy_client(consulent: User) -> Client:
    client = Client.objects.filter(consulent=consulent).order_by("pk").first()
    today = timezone.localdate()
    kind = AppointmentKind.objects.get(code="voortgangsgesprek")
    missing = APPOINTMENTS - Appointment.objects.filter(client=client).count()
    Appointment.objects.bulk_create(
        Appointment(
            client=client, consulent=consulent, created_by=consulent, kind=kind,
            date=today + timedelta(days=i - 10), start=clock(15), end=clock(15, 30),
            place="kantoor",
        )
        for i in range(max(0, missing))
    )  # fmt: skip
    missing = ENTRIES - len(timeline(client, limit=1000))
    ContactNote.objects.bulk_create(
        ContactNote(client=client, author=consulent, kind=ContactKind.PHONE,
                    date=today - timedelta(days=3 * i + 1), text="Telefonisch contact")
        for i in range(max(0, missing))
    )  # fmt: skip
    return client


def measure(browser: Browser, path: str) -> tuple[float, float]:
    browser.get(path)  # warm
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = browser.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    return statistics.median(times), times[int(0.95 * len(times)) - 1]


def main() -> None:
    consulent = User.objects.get(username="consulent.lv")
    client = busy_client(consulent)
    entries = len(timeline(client, limit=1000))
    browser = Browser(HTTP_HOST="localhost")
    browser.force_login(consulent)
    print(f"clients {Client.objects.count()}, client {client.pk}: "
          f"{Appointment.objects.filter(client=client).count()} appointments, "
          f"{entries} timeline entries")  # fmt: skip
    for name, path in (("file", f"/clienten/{client.pk}/"),
                       ("timeline", f"/clienten/{client.pk}/tijdlijn/")):  # fmt: skip
        median, p95 = measure(browser, path)
        print(f"{name}: median {median:.0f} ms, p95 {p95:.0f} ms")


if __name__ == "__main__":
    main()
