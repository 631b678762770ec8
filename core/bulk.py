"""Fast bulk loading with PostgreSQL COPY: the caseload import and the demo and benchmark data."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, models
from django.db.models import Max


def next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` new ids from the model's own id sequence, for rows COPYed with their ids
    (`copy_rows(..., move_sequence=False)`): ids nobody else is given, also by a concurrent
    insert, and known before the rows exist, so nothing has to be read back."""
    if count <= 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_rows(
    model: type[models.Model],
    fields: list[str],
    rows: Iterable[tuple],
    *,
    move_sequence: bool = True,
) -> int:
    """COPY rows (tuples in the order of `fields`, ids included) into the model's table, then
    move the id sequence past them (unless the ids came from `reserve_ids`, which took them
    from the sequence already). Returns the number of rows written.

    Every constraint stays in place while the rows go in, GiST exclusion constraints included:
    dropping one to rebuild it after the load held an exclusive lock on a live table for as long
    as the rebuild took (two minutes at 1M clients), left it without its guarantee meanwhile, and
    needs the table's owner, which the application's database role is not. Callers check what a
    constraint would refuse first (the import does, per row, in Dutch); the constraint is the
    guard behind that check."""
    meta = model._meta
    columns = ", ".join(connection.ops.quote_name(meta.get_field(name).column) for name in fields)
    count = 0
    with connection.cursor() as cursor:
        with cursor.copy(
            f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        if "id" in fields and move_sequence:
            table = connection.ops.quote_name(meta.db_table)  # a model's own table, quoted
            sql = f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"  # noqa: S608
            cursor.execute(sql, [meta.db_table])
    return count
