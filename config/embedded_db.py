"""An embedded PostgreSQL for development and tests, when no DATABASE_URL is set.

The `pgserver` package ships PostgreSQL 16 as a wheel. Its data lives in `.pgdata/` in the
checkout (ignored by git). Every process that asks for it registers itself; the server stops
when the last of them exits, so `make run` and `make test` leave nothing running behind.

Like production it has two roles (docs/security.md): `postgres` owns the tables and runs
`migrate`; `opstap_app` is the application role, with the grants `manage.py
grant_application_role` gives it after migrate. Management commands connect as the owner;
a process started with OPSTAP_EMBEDDED_DB_ROLE=app (`make run`'s server) as the application
role. The tests log in as the owner and take on the application role (conftest.py).
"""

from __future__ import annotations

import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = BASE_DIR / ".pgdata"
OWNER_ROLE = "postgres"
APP_ROLE = "opstap_app"


def embedded_database(data_dir: Path = DEFAULT_DATA_DIR, *, role: str = "owner") -> dict[str, str]:
    """Start (or join) the embedded server and return its Django DATABASES entry, connecting
    as the owner (`role="owner"`) or as the application role (`role="app"`)."""
    if role not in ("owner", "app"):
        raise RuntimeError(f"OPSTAP_EMBEDDED_DB_ROLE is owner of app, niet {role!r}.")
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
    # pgserver listens on a Unix socket inside its data folder (trust authentication);
    # "postgres" is its superuser.
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "postgres",
        "USER": APP_ROLE if role == "app" else OWNER_ROLE,
        "HOST": str(data_dir),
    }
