"""`DaysDoNotOverlap`: a client's dated rows must not overlap, checked by a statement trigger that
reads a B-tree index instead of kept in a GiST exclusion index (benefit periods, assessments,
ladder steps).

A GiST exclusion constraint (`core.ranges.DayBox`) costs every inserted row a descent of the
GiST tree choosing by area and a search for overlapping boxes: about 65 µs a benefit period at a
million clients, 7 s of a 100,000-row import (docs/performance.md, issue 22). This constraint
checks, after each INSERT or UPDATE statement, the rows of every owner (client) the statement
touched, in one window pass over the owner's index: a row overlaps when it starts on or before
the latest end of the rows that start before it.

Two transactions must not both pass the check for one client: the trigger first locks the owners'
rows (FOR NO KEY UPDATE, in id order, as the spells trigger of reporting/spells.py does), so a
second writer of the same client waits until the first commits, and its check, a new statement
under READ COMMITTED (Django's default), sees the first one's rows. Like the exclusion constraint
it replaces, a violation raises SQLSTATE 23P01 (exclusion_violation) naming the constraint, and
`validate()` gives forms the Dutch message before anything is written.
"""

from __future__ import annotations

from django.core.exceptions import FieldError, ValidationError
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Q
from django.db.models.constraints import BaseConstraint
from django.db.models.sql import Query

TRIGGER_EVENTS = ("INSERT", "UPDATE")


class DaysDoNotOverlap(BaseConstraint):
    """Rows with the same `owner` (a foreign key) must not share a day. `start` and `end` are date
    fields; a NULL end is open. With `end_inclusive` the end is the row's last day, without it the
    first day the row no longer covers. With `condition` (a Q) only rows that meet it count
    (withdrawn rows, say, do not)."""

    def __init__(
        self,
        *,
        name: str,
        owner: str,
        start: str,
        end: str,
        end_inclusive: bool,
        condition: Q | None = None,
        violation_error_code=None,
        violation_error_message=None,
    ):
        self.owner, self.start, self.end, self.end_inclusive = owner, start, end, end_inclusive
        self.condition = condition
        super().__init__(
            name=name,
            violation_error_code=violation_error_code,
            violation_error_message=violation_error_message,
        )

    # The database side: a function and a trigger per event.

    def function_body(self, model, schema_editor=None) -> str:
        """The trigger function's body (a test compares it with the database's)."""
        meta = model._meta
        owner = meta.get_field(self.owner)
        table, owner_table = _quote(meta.db_table), _quote(owner.related_model._meta.db_table)
        column = _quote(owner.column)
        start, end = (
            _quote(meta.get_field(self.start).column),
            _quote(meta.get_field(self.end).column),
        )
        key = _quote(owner.target_field.column)
        reaches = "<=" if self.end_inclusive else "<"
        condition = self._condition_sql(model, schema_editor or connection.schema_editor())
        return f"""
DECLARE
    owners bigint[] := ARRAY(SELECT DISTINCT {column} FROM new_rows ORDER BY 1);
    clash bigint;
BEGIN
    IF cardinality(owners) = 0 THEN
        RETURN NULL;
    END IF;
    -- One transaction at a time per owner; the check below sees what others committed.
    PERFORM 1 FROM {owner_table} WHERE {key} = ANY(owners) ORDER BY {key} FOR NO KEY UPDATE;
    SELECT r.{column} INTO clash FROM (
        SELECT t.{column}, t.{start},
               MAX(COALESCE(t.{end}, 'infinity'::date)) OVER (
                   PARTITION BY t.{column} ORDER BY t.{start}
                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
        FROM {table} t WHERE t.{column} = ANY(owners){condition}
    ) r
    WHERE r.{start} {reaches} r.reach
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'conflicting rows of {meta.db_table} for {owner.column} %', clash
            USING ERRCODE = 'exclusion_violation', CONSTRAINT = '{self.name}',
                  TABLE = '{meta.db_table}';
    END IF;
    RETURN NULL;
END
"""  # noqa: S608 - names from the model's meta, no user input

    def _condition_sql(self, model, schema_editor) -> str:
        """` AND <condition>` on the table's own columns, as Django writes a CheckConstraint."""
        if self.condition is None:
            return ""
        query = Query(model=model, alias_cols=False)
        where = query.build_where(self.condition)
        compiler = query.get_compiler(connection=schema_editor.connection)
        sql, params = where.as_sql(compiler, schema_editor.connection)
        return " AND " + sql % tuple(schema_editor.quote_value(p) for p in params)

    def _statements(self, model, schema_editor) -> list[str]:
        table = _quote(model._meta.db_table)
        function = _quote(self.name)
        statements = [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql "
            f"AS $body${self.function_body(model, schema_editor)}$body$"
        ]
        for event in TRIGGER_EVENTS:
            statements.append(
                f"CREATE TRIGGER {self._trigger(event)} AFTER {event} ON {table} "
                f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "
                f"{function}()"
            )
        return statements

    def _trigger(self, event: str) -> str:
        return _quote(f"{self.name}_{event.lower()}")

    def constraint_sql(self, model, schema_editor):
        # Not part of CREATE TABLE: the triggers follow it, as Django's deferred indexes do.
        schema_editor.deferred_sql.extend(self._statements(model, schema_editor))
        return None

    def create_sql(self, model, schema_editor):
        return ";\n".join(self._statements(model, schema_editor))

    def remove_sql(self, model, schema_editor):
        table = _quote(model._meta.db_table)
        drops = [
            f"DROP TRIGGER IF EXISTS {self._trigger(event)} ON {table}" for event in TRIGGER_EVENTS
        ]
        return ";\n".join([*drops, f"DROP FUNCTION IF EXISTS {_quote(self.name)}()"])

    # The form side: the same rule as a query, before anything is written.

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        if exclude and {self.owner, self.start, self.end} & set(exclude):
            return
        meta = model._meta
        owner_attname = meta.get_field(self.owner).attname
        owner_id = getattr(instance, owner_attname)
        start, end = getattr(instance, self.start), getattr(instance, self.end)
        if owner_id is None or start is None:
            return
        if self.condition is not None:
            against = instance._get_field_expression_map(meta=meta, exclude=exclude)
            try:
                if not self.condition.check(against, using=using):
                    return  # the row itself does not count (withdrawn, say)
            except FieldError:
                return  # the condition names a field left out: as Django's own constraints do
        after = "gte" if self.end_inclusive else "gt"
        before = "lte" if self.end_inclusive else "lt"
        others = model._default_manager.using(using).filter(
            Q(**{f"{self.end}__isnull": True}) | Q(**{f"{self.end}__{after}": start}),
            **{owner_attname: owner_id},
        )
        if end is not None:
            others = others.filter(**{f"{self.start}__{before}": end})
        if self.condition is not None:
            others = others.filter(self.condition)
        if not instance._state.adding and instance._is_pk_set(meta):
            others = others.exclude(pk=instance.pk)
        if others.exists():
            raise ValidationError(
                self.get_violation_error_message(), code=self.violation_error_code
            )

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs |= {
            "owner": self.owner,
            "start": self.start,
            "end": self.end,
            "end_inclusive": self.end_inclusive,
        }
        if self.condition is not None:
            kwargs["condition"] = self.condition
        return path, args, kwargs

    def __eq__(self, other):
        if isinstance(other, DaysDoNotOverlap):
            return self.deconstruct() == other.deconstruct()
        return super().__eq__(other)

    def __repr__(self):
        return (
            f"<{self.__class__.__qualname__}: name={self.name!r} owner={self.owner!r} "
            f"start={self.start!r} end={self.end!r} end_inclusive={self.end_inclusive} "
            f"condition={self.condition!r}>"
        )


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
