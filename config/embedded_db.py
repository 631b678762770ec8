"""An embedded PostgreSQL for development and tests, when no DATABASE_URL is set.

The `pgserver` package ships PostgreSQL 16 as a wheel. Its data lives in `.pgdata/` in the
checkout (ignored by git). Every process that asks for it registers itself; the server stops
when the last of them exits, so `make run` and `make test` leave nothing running behind.
"""

from __future__ import annotations

import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = BASE_DIR / ".pgdata"


def embedded_database(data_dir: Path = DEFAULT_DATA_DIR) -> dict[str, str]:
    """Start (or join) the embedded server and return its Django DATABASES entry."""
    try:
        with warnings.catch_warnings():
            # pgserver keeps its lock file in the user's runtime dir; a fallback is fine here.
            warnings.simplefilter("ignore")
            import pgserver
            import platformdirs
    except ImportError as exc:  # only without the dev dependencies
        raise RuntimeError(
            "DATABASE_URL is niet gezet en pgserver is niet geïnstalleerd. "
            "Installeer de ontwikkelpakketten (make install) of zet DATABASE_URL."
        ) from exc

    # The handle stays registered (and the server up) until this process exits.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", platformdirs.api.RuntimeDirWarning)
        pgserver.get_server(data_dir, cleanup_mode="stop")
    # pgserver listens on a Unix socket inside its data folder; "postgres" is its superuser.
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "postgres",
        "USER": "postgres",
        "HOST": str(data_dir),
    }
