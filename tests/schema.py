"""What the database's catalog says about indexes, for the tests that pin them."""

from __future__ import annotations

from django.db import connection


def leading_columns() -> set[tuple[str, str]]:
    """(table, column) for each column that starts an index over all of its table's rows (not a
    partial index): the columns a lookup can find rows by without reading the whole table."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT t.relname, a.attname FROM pg_index i
               JOIN pg_class t ON t.oid = i.indrelid
               JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
               WHERE i.indpred IS NULL"""
        )
        return set(cursor.fetchall())
