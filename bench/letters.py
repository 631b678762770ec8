"""How long one letter takes to render to PDF (letters.services.letter_pdf): the invitation
template filled in and rendered, 20 times; prints the median and the slowest in milliseconds.

    .venv/bin/python bench/letters.py
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


def main() -> None:
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
