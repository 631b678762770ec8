"""Fast bulk loading with PostgreSQL COPY, for demo and benchmark datasets."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.constraints import ExclusionConstraint
from django.db import connection, models
from django.db.models import Max


def next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def copy_rows(model: type[models.Model], fields: list[str], rows: Iterable[tuple]) -> int:
    """COPY rows (tuples in the order of `fields`, ids included) into the model's table, then
    move the id sequence past them. Returns the number of rows written.

    GiST exclusion constraints are dropped for the load and added again after it: building
    the index in one go is several times faster than growing it row by row, and adding the
    constraint checks every row, so nothing overlapping gets in."""
    exclusions = [c for c in model._meta.constraints if isinstance(c, ExclusionConstraint)]
    if not exclusions:
        return _copy(model, fields, rows)
    with connection.cursor() as cursor:
        # ALTER TABLE refuses to run while deferred foreign-key checks are pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor(atomic=False) as editor:
        for constraint in exclusions:
            editor.remove_constraint(model, constraint)
    count = _copy(model, fields, rows)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor(atomic=False) as editor:
        for constraint in exclusions:
            editor.add_constraint(model, constraint)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return count


def _copy(model: type[models.Model], fields: list[str], rows: Iterable[tuple]) -> int:
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
        if "id" in fields:
            table = connection.ops.quote_name(meta.db_table)  # a model's own table, quoted
            sql = f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"  # noqa: S608
            cursor.execute(sql, [meta.db_table])
    return count
