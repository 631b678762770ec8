"""A second connection to the test database, beside Django's: for what one session must see (or
wait for) while another holds a transaction open."""

from __future__ import annotations

import psycopg
from django.db import connection


def other_connection(*, autocommit: bool) -> psycopg.Connection:
    """A connection of its own, as the tests' database user."""
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings.get("PASSWORD") or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        autocommit=autocommit,
    )
