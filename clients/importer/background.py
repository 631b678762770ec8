"""Large caseload files are checked and imported by the Celery worker, not in the web request.

A file over OPSTAP_IMPORT_BACKGROUND_BYTES waits in the upload storage (storage.py) under its
token; the worker checks it (or, once confirmed, imports it) and writes how far it is to a small
status file beside the upload, which the import page polls. The status file holds counts and
the finished report, never the file's rows: the report's BSNs are masked as on the page. Without
a broker the task runs at once in the request (CELERY_TASK_ALWAYS_EAGER), with the same result.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import asdict
from typing import Literal

from django.conf import settings

from clients.importer.rows import RowError
from clients.importer.service import ImportReport, import_caseload
from clients.importer.storage import discard_upload, load_upload, status_path
from organisations.models import User

Phase = Literal["check", "confirm"]
QUEUED, RUNNING, WRITING, DONE, GONE = "wachtrij", "bezig", "opslaan", "klaar", "verlopen"
REPORT_FIELDS = (
    "rows",
    "created",
    "changed",
    "unchanged",
    "periods_created",
    "periods_changed",
    "imported",
    "errors_left_out",
)


def runs_in_background(size: int) -> bool:
    return size > settings.OPSTAP_IMPORT_BACKGROUND_BYTES


def read_status(*, user: User, token: uuid.UUID) -> dict | None:
    try:
        return json.loads(status_path(user, token).read_text())
    except (FileNotFoundError, ValueError):
        return None


def _write_status(user: User, token: uuid.UUID, **status) -> None:
    """Replace the status file in one step, so a poll never reads half of it."""
    path = status_path(user, token)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps(status))
    partial.replace(path)


def report_of(status: dict) -> ImportReport:
    fields = dict(status["report"])
    fields["errors"] = [RowError(**error) for error in fields["errors"]]
    return ImportReport(**fields)


def mark_queued(*, user: User, token: uuid.UUID, phase: Phase) -> None:
    """The file waits for the worker (clients.tasks.run_import); the page shows it waiting."""
    _write_status(user, token, phase=phase, state=QUEUED, done=0, total=None, report=None)


def forget(*, user: User, token: uuid.UUID) -> None:
    status_path(user, token).unlink(missing_ok=True)


def run_import(*, user: User, token: uuid.UUID, phase: Phase) -> None:
    """The worker's part: check (phase "check") or import (phase "confirm") the stored file,
    writing progress as it goes and the report at the end. Safe to run twice: a finished
    status is left as it is."""
    status = read_status(user=user, token=token)
    if status is not None and status["state"] == DONE:
        return
    data = load_upload(user=user, token=token)
    if data is None:
        _write_status(user, token, phase=phase, state=GONE, done=0, total=None, report=None)
        return
    commit = phase == "confirm"

    def progress(done: int, total: int) -> None:
        # In the confirm phase, every row checked means the write comes next.
        state = WRITING if commit and done == total else RUNNING
        _write_status(user, token, phase=phase, state=state, done=done, total=total, report=None)

    report = import_caseload(data=data, user=user, commit=commit, progress=progress)
    if commit:
        discard_upload(user=user, token=token)
    _write_status(
        user,
        token,
        phase=phase,
        state=DONE,
        done=report.rows,
        total=report.rows,
        report={
            **{name: getattr(report, name) for name in REPORT_FIELDS},
            "errors": [asdict(error) for error in report.errors],
        },
    )
