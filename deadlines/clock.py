"""The one place that says what day it is, so that tests can set the date (`monkeypatch`)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone


def today() -> date:
    return timezone.localdate()
