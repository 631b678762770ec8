"""The client file with 20 appointments, 20 documents and 100 timeline entries (issue 18): GET
the file and its timeline page 50 times each as the consulent (DEBUG off, the test settings as
bench/run.py), print the median and p95 in milliseconds and the file's queries.

Needs a seeded database (`manage.py seed_demo`); the first client of consulent.lv gets the
appointments, documents and enough notes for 100 timeline entries (once; running it again
reuses them). With --explain it also prints PostgreSQL's planning and execution time of the
client's signal statement (EXPLAIN (ANALYZE, SUMMARY)), planned each time and prepared.

    DATABASE_URL=... .venv/bin/python bench/client_file.py [--explain]
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
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

import re  # noqa: E402

from django.db import connection  # noqa: E402
from django.test import Client as Browser  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from agenda.models import Appointment, AppointmentKind  # noqa: E402
from clients.models import Client, ContactKind, ContactNote  # noqa: E402
from clients.timeline import timeline  # noqa: E402
from deadlines import hooks as signal_hooks  # noqa: E402
from deadlines import queries as signal_queries  # noqa: E402
from documents.models import Document, DocumentKind  # noqa: E402
from documents.services import add_generated_document  # noqa: E402
from organisations.models import User  # noqa: E402

RUNS = 50
APPOINTMENTS = 20
DOCUMENTS = 20
ENTRIES = 100
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


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
    kind = DocumentKind.objects.exclude(code="brief").order_by("pk").first()
    for i in range(max(0, DOCUMENTS - Document.objects.filter(client=client).count())):
        add_generated_document(client=client, kind_code=kind.code, description=f"Stuk {i + 1}",
                               on=today - timedelta(days=2 * i), content=PDF,
                               name=f"stuk-{i + 1}.pdf", by=consulent)  # fmt: skip
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


def explain(client: Client, consulent: User) -> None:
    """Planning and execution of the signal statement, median of 11, as planned on every run
    (PREPARED_LIMIT 0) and as prepared once per connection: for the client's file, and for
    Vandaag of the consulent (their whole caseload)."""
    today = timezone.localdate()
    caseload = Client.objects.filter(consulent=consulent)
    for what, call in (
        ("the file's signal", lambda: signal_hooks._signals(None, client)),
        (f"Vandaag ({caseload.count()} clients)",
         lambda: signal_queries.signal_groups(caseload, today, limit=5)),
    ):  # fmt: skip
        _explain(what, call)


def _explain(what: str, call) -> None:
    captured = []

    def grab(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    for label, limit in (("planned each time", 0), ("prepared", signal_queries.PREPARED_LIMIT)):
        signal_queries.PREPARED_LIMIT, kept = limit, signal_queries.PREPARED_LIMIT
        captured.clear()
        with connection.execute_wrapper(grab):
            call()
        signal_queries.PREPARED_LIMIT = kept
        sql, params = next(q for q in captured if "signal_scope" in q[0] or "EXECUTE" in q[0])
        if "EXECUTE" in sql:  # the statement ran once: explain its EXECUTE alone
            sql = (
                "SET LOCAL plan_cache_mode = force_generic_plan; EXECUTE" + sql.split("EXECUTE")[-1]
            )
        planning, execution = [], []
        with connection.cursor() as cursor:
            for _ in range(11):
                text = cursor.mogrify(sql, params).replace(
                    "EXECUTE", "EXPLAIN (ANALYZE, SUMMARY) EXECUTE"
                )
                cursor.execute(text if "EXECUTE" in sql else f"EXPLAIN (ANALYZE, SUMMARY) {text}")
                while cursor.description is None and cursor.nextset():
                    pass
                plan = "\n".join(row[0] for row in cursor.fetchall())
                planning.append(float(re.search(r"Planning Time: ([\d.]+)", plan).group(1)))
                execution.append(float(re.search(r"Execution Time: ([\d.]+)", plan).group(1)))
        print(f"{what}, {label}: planning {statistics.median(planning):.1f} ms, "
              f"execution {statistics.median(execution):.1f} ms (median of 11)")  # fmt: skip


def main() -> None:
    consulent = User.objects.get(username="consulent.lv")
    client = busy_client(consulent)
    entries = len(timeline(client, limit=1000))
    browser = Browser(HTTP_HOST="localhost")
    browser.force_login(consulent)
    print(f"clients {Client.objects.count()}, client {client.pk}: "
          f"{Appointment.objects.filter(client=client).count()} appointments, "
          f"{Document.objects.filter(client=client).count()} documents, "
          f"{entries} timeline entries")  # fmt: skip
    if "--explain" in sys.argv:
        explain(client, consulent)
    with CaptureQueriesContext(connection) as captured:
        browser.get(f"/clienten/{client.pk}/")
    print(f"file: {len(captured)} queries")
    for name, path in (("file", f"/clienten/{client.pk}/"),
                       ("timeline", f"/clienten/{client.pk}/tijdlijn/")):  # fmt: skip
        median, p95 = measure(browser, path)
        print(f"{name}: median {median:.0f} ms, p95 {p95:.0f} ms")


if __name__ == "__main__":
    main()
