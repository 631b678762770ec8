"""Two bulk helpers for the import: an array parameter for large IN lists, and an UPDATE of many
rows from values sent with COPY."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, models
from django.db.models.expressions import RawSQL


def any_of(values: list, sql_type: str) -> RawSQL:
    """`field__in=any_of(values, "varchar")`: the values as one array parameter instead of one
    parameter each, which keeps a query over thousands of BSNs cheap to build and to plan."""
    return RawSQL(f"SELECT unnest(%s::{sql_type}[])", [values])  # noqa: S611 - a fixed type name  # nosec B611


def update_rows(model: type[models.Model], fields: list[str], rows: Iterable[tuple]) -> int:
    """Set `fields` on many rows, given as (id, *values): COPY them into a temporary table, then
    one UPDATE ... FROM. bulk_update() builds a CASE over every id in a batch, which grows with
    the square of the batch; this stays linear. Returns the number of rows updated."""
    meta = model._meta
    quote = connection.ops.quote_name
    columns = [meta.get_field(name) for name in fields]
    temporary = quote(f"import_{meta.db_table}")
    definitions = ", ".join(f"{quote(f.column)} {f.db_type(connection)}" for f in columns)
    names = ", ".join(quote(f.column) for f in columns)
    assignments = ", ".join(f"{quote(f.column)} = new.{quote(f.column)}" for f in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {temporary} (id bigint PRIMARY KEY, {definitions}) "
            "ON COMMIT DROP"
        )
        count = 0
        with cursor.copy(f"COPY {temporary} (id, {names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        if count:
            cursor.execute(
                f"UPDATE {quote(meta.db_table)} AS old SET {assignments} "  # noqa: S608  # nosec B608
                f"FROM {temporary} AS new WHERE old.id = new.id"
            )
        cursor.execute(f"DROP TABLE {temporary}")
    return count
