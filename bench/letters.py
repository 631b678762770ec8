"""How long one letter takes to render to PDF (letters.services.letter_pdf): the invitation
template filled in and rendered, 20 times; prints the median and the slowest in milliseconds.

With --database (a database built by seed_demo, DATABASE_URL) it makes the letter as the
consulent does on a client's file instead: the template in force, filled in from the client
(letters.services.render_letter), rendered to PDF, stored as a document with its letter row
(create_letter); each in a transaction that is rolled back (the PDF files go to the test
settings' temporary documents folder). Prints the median, p95 and slowest.

    .venv/bin/python bench/letters.py [--database]
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from letters.pdf import render_pdf  # noqa: E402
from letters.rendering import render_text  # noqa: E402
from letters.seed import TEMPLATES  # noqa: E402

RUNS = 20


class Rollback(Exception):
    pass


def from_database() -> None:
    from django.db import transaction

    from clients.models import Client
    from letters.services import create_letter, current_template, render_letter
    from organisations.models import User

    consulent = User.objects.get(username="consulent.lv")
    client = Client.objects.filter(consulent=consulent).order_by("pk").first()
    extra = {"datum": "3 december 2026", "tijd": "10:30", "plaats": "Kantoor Leidschendam"}
    times, size = [], 0
    for _ in range(RUNS + 1):  # the first is cold (fonts, templates): reported apart
        started = time.perf_counter()
        try:
            with transaction.atomic():
                template = current_template(user=consulent, code=TEMPLATES[0][0])
                text = render_letter(template=template, client=client, by=consulent, extra=extra)
                letter = create_letter(client=client, template=template, subject=text.subject,
                                       body=text.body, by=consulent)  # fmt: skip
                size = letter.document.size
                times.append((time.perf_counter() - started) * 1000)
                raise Rollback
        except Rollback:
            pass
    first, times = times[0], sorted(times[1:])
    print(SimpleNamespace(clients=Client.objects.count(), client=client.pk, runs=RUNS,
                          pdf_bytes=size))  # fmt: skip
    print(
        f"median {statistics.median(times):.0f} ms, p95 {times[int(0.95 * len(times)) - 1]:.0f} "
        f"ms, slowest {max(times):.0f} ms, first {first:.0f} ms"
    )


def main() -> None:
    if "--database" in sys.argv:
        from_database()
        return
    _code, _name, subject, body = TEMPLATES[0]
    context = {
        "client": {"naam": "Fatima El Amrani", "nummer": "123456", "bsn": "******789"},
        "consulent": {"naam": "Jan de Vries"},
        "datum": "30 november 2026",
        "extra": {"datum": "3 december 2026", "tijd": "10:30", "plaats": "Kantoor Wassenaar"},
    }
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        pdf = render_pdf(
            {
                "subject": render_text(subject, context),
                "body": render_text(body, context),
                "date": date(2026, 11, 30).isoformat(),
                "client_number": 123456,
                "consulent": "Jan de Vries",
                "organisation": "Werk en Inkomen",
                "sender": "Werk en Inkomen\nPostbus 1\n2260 AA Leidschendam",
                "footer": "www.example.nl",
            }
        )
        times.append((time.perf_counter() - started) * 1000)
    print(SimpleNamespace(runs=RUNS, pdf_bytes=len(pdf)))
    print(
        f"median {statistics.median(times):.0f} ms, slowest {max(times):.0f} ms, first {times[0]:.0f} ms"
    )


if __name__ == "__main__":
    main()
