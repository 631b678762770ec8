"""The uploaded file between the check and the confirmation.

The bytes go to a private directory on the server under a random token and the id of the user who
uploaded them; the browser only gets the token. The confirm step reads the file back for the same
user only and checks it again, so nothing the browser sends is trusted. Files are removed after the
import, and any left behind are removed after MAX_AGE, with the status files of large files.
"""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings

from organisations.models import User

MAX_AGE_SECONDS = 2 * 60 * 60


def _directory() -> Path:
    base = getattr(settings, "OPSTAP_IMPORT_DIR", "") or tempfile.gettempdir()
    directory = Path(base) / "opstap-import"
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def _path(user: User, token: uuid.UUID) -> Path:
    return _directory() / f"{int(user.pk)}-{uuid.UUID(str(token))}.upload"


def status_path(user: User, token: uuid.UUID) -> Path:
    """Where the worker says how far it is with a large file (background.py)."""
    return _directory() / f"{int(user.pk)}-{uuid.UUID(str(token))}.status"


def save_upload(*, user: User, data: bytes) -> uuid.UUID:
    remove_stale_uploads()
    token = uuid.uuid4()
    descriptor = os.open(_path(user, token), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    return token


def load_upload(*, user: User, token: uuid.UUID) -> bytes | None:
    """The file this user uploaded under this token, or None (unknown, someone else's, expired)."""
    path = _path(user, token)
    try:
        if time.time() - path.stat().st_mtime > MAX_AGE_SECONDS:
            path.unlink(missing_ok=True)
            return None
        return path.read_bytes()
    except FileNotFoundError:
        return None


def discard_upload(*, user: User, token: uuid.UUID) -> None:
    _path(user, token).unlink(missing_ok=True)


def remove_stale_uploads() -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in [*_directory().glob("*.upload"), *_directory().glob("*.status")]:
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except FileNotFoundError:
            continue
