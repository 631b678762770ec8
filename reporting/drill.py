"""The clients behind a report figure, with the same SQL conditions as the figure itself
(reporting/months.py, at the one month).

A figure is named by a key: "stand_begin", "instroom", "uitstroom", "stand_eind", "herinstroom",
"uitstroom:<group>", "categorie:<id or empty>", "leeftijd:<band>", "duur:<band>",
"doelgroep:<code>", "consulent:<id>", "jaar:instroom", "jaar:uitstroom", "jaar:stand_1_januari",
or "traject:<type id>:<gestart|lopend|beeindigd>[:<direction>[:<outcome>]]" (the page's rows
are per direction, the ended ones per outcome).

A figure that counts spells lists spells (a client with two spells in a year is listed twice, with
the dates of each), a trajectory figure lists trajectories. For a report version the conditions
read the spells, assessments and trajectories as that version's build saw them
(reporting/as_of.py), so the list has as many rows as the version's figure, whatever changed
since; without a version, today's data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from categorisation.queries import ASSESSMENTS
from clients.models import Client
from clients.queries import END_REASONS
from reporting.as_of import ASSESSMENTS_AS_OF, SPELLS_AS_OF, TRAJECTORIES_AS_OF, seen_by
from reporting.months import (
    FLOWS,
    MONTHS,
    RETURNS,
    SPELL_BUCKETS,
    SPELL_COLUMNS,
    age_band,
    category_at,
    duration_band,
    in_stand,
    months_params,
    target_groups_at,
)
from reporting.queries import AGE_BANDS, DURATION_BANDS, Month
from reporting.spells import ensure_spells
from reporting.trajectory_months import TRAJECTORY_AT, TRAJECTORY_ROWS
from trajectories.queries import TRAJECTORIES

# The month's number: a drill-down is of one month.
IN_STAND, AGE_BAND, DURATION_BAND = in_stand("1"), age_band("1"), duration_band("1")
TARGET_GROUPS_AT = target_groups_at("1")


class UnknownFigure(ValueError):
    pass


def _spell_condition(key: str) -> tuple[str, dict]:
    name, _, value = key.partition(":")
    if key in FLOWS:
        return FLOWS[key], {}
    if key == "herinstroom":
        return f"{FLOWS['instroom']} AND {RETURNS}", {}
    if name == "uitstroom" and value:
        return f'{FLOWS["uitstroom"]} AND r."group" = %(value)s', {"value": value}
    if name == "categorie":
        if not value:
            return f"{IN_STAND} AND a.category_id IS NULL", {}
        if value.isdigit():
            return f"{IN_STAND} AND a.category_id = %(value)s", {"value": int(value)}
    if name == "leeftijd" and value in AGE_BANDS:
        return f"{IN_STAND} AND {AGE_BAND} = %(value)s", {"value": AGE_BANDS.index(value)}
    if name == "duur" and value in DURATION_BANDS:
        band = DURATION_BANDS.index(value)
        return f"{IN_STAND} AND {DURATION_BAND} = %(value)s", {"value": band}
    if name == "doelgroep" and value in TARGET_GROUPS_AT:
        return f"{IN_STAND} AND {TARGET_GROUPS_AT[value]}", {}
    if name == "consulent" and value.isdigit():
        return f"{IN_STAND} AND s.consulent_id = %(value)s", {"value": int(value)}
    raise UnknownFigure(key)


def rows_sql(*, municipality_id: int, month: Month, key: str, version=None) -> tuple[str, list]:
    """SQL (with positional parameters) of the rows behind the figure `key`: client_id, start and
    end of each spell (or trajectory) it counts; as the version's build saw them when given."""
    ensure_spells()
    params = months_params(municipality_id, [month])
    if key.startswith("traject:"):
        _, type_id, measure, *rest = [*key.split(":"), "", ""]
        if not type_id.isdigit() or measure not in TRAJECTORY_AT:
            raise UnknownFigure(key)
        direction, outcome = rest[0], rest[1]
        condition = ""
        if len(key.split(":")) > 3:  # one direction (empty: none)
            condition += " AND t.direction IS NOT DISTINCT FROM %(direction)s"
            params["direction"] = direction or None
        if len(key.split(":")) > 4:
            condition += " AND t.outcome = %(outcome)s"
            params["outcome"] = outcome
        sql = (
            f'WITH {MONTHS} SELECT t.client_id, t.actual_start AS start, t.actual_end AS "end" '  # noqa: S608 - fixed fragments
            f"FROM ({TRAJECTORY_ROWS}) t CROSS JOIN m "
            f"WHERE t.type_id = %(value)s AND {TRAJECTORY_AT[measure]}{condition}"
        )
        params["value"] = int(type_id)
    else:
        condition, extra = _spell_condition(key)
        params |= extra
        sql = (
            f'WITH {MONTHS} SELECT s.client_id, s.start, s."end" FROM ('  # noqa: S608 - fixed fragments
            f"SELECT s.municipality_id, s.end_reason_id, {SPELL_BUCKETS}, {SPELL_COLUMNS} "
            "FROM reporting_spell s WHERE s.municipality_id = %(municipality)s) s CROSS JOIN m "
            f"LEFT JOIN {END_REASONS} r ON r.id = s.end_reason_id "
            # Only the category figures read the assessment in force.
            + (f"LEFT JOIN {ASSESSMENTS} a ON {category_at('1')} " if "a." in condition else "")
            + f"WHERE {condition}"
        )
    if version is not None:
        sql = _as_of(sql)
        params |= seen_by(version)
    # Positional parameters, named in order of appearance (RawSQL and cursors take those).
    return _positional(sql, params)


def _as_of(sql: str) -> str:
    """The same SQL reading the kept rows a build saw instead of today's tables."""
    for table, as_of in [
        ("reporting_spell s ", f"{SPELLS_AS_OF} s "),
        ("reporting_spell p ", f"{SPELLS_AS_OF} p "),
        (f"{ASSESSMENTS} a ", f"{ASSESSMENTS_AS_OF} a "),
        (f"FROM {TRAJECTORIES} t ", f"FROM {TRAJECTORIES_AS_OF} t "),
    ]:
        sql = sql.replace(table, as_of)
    return sql


def clients_behind(
    clients: QuerySet[Client], *, municipality_id: int, month: Month, key: str, version=None
) -> QuerySet[Client]:
    """`clients` (already scoped to the user) narrowed to those behind the figure `key` (each
    client once)."""
    sql, params = rows_sql(municipality_id=municipality_id, month=month, key=key, version=version)
    return clients.filter(pk__in=RawSQL(f"SELECT client_id FROM ({sql}) d", params))  # noqa: S611,S608 - fixed SQL  # nosec B611


class Rows:
    """The rows behind a figure for a paginator: every row, counted exactly (no cap), each a
    (client, start, end), ordered by the client's number (the list's first column) and the
    start; only clients in `clients` (the user's scope).

    By number, not by name: the rows sort on their own columns, where an order by name joined
    every row of the figure with the clients before sorting (552,000 rows for the largest list
    at 1M; docs/performance.md)."""

    def __init__(self, clients: QuerySet[Client], sql: str, params: list):
        scope, scope_params = clients.order_by().values("pk").query.sql_with_params()
        self.clients = clients
        self.all_rows, self.all_params = f"({sql}) d", list(params)
        self.rows = f"({sql}) d WHERE d.client_id IN ({scope})"
        self.params = [*params, *scope_params]

    def count(self) -> int:
        """Without the clients' names: only the rows in scope are counted."""
        return self._count(self.rows, self.params)

    def count_all(self) -> int:
        """The rows in and out of the user's scope: what the kept data still hold of the figure
        (retention removes an anonymised client's rows, reporting/as_of.py)."""
        return self._count(self.all_rows, self.all_params)

    @staticmethod
    def _count(rows: str, params: list) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {rows}", params)  # noqa: S608  # nosec B608
            return cursor.fetchone()[0]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[tuple]:
        offset = index.start or 0
        limit = "" if index.stop is None else f"LIMIT {int(index.stop) - int(offset)}"
        with connection.cursor() as cursor:
            cursor.execute(f"{self._ordered()} {limit} OFFSET {int(offset)}", self.params)
            return self._with_clients(cursor.fetchall())

    def batches(self, size: int) -> Iterator[list[tuple]]:
        """Every row in order, `size` at a time, from one server-side cursor (a download of any
        length holds one batch)."""
        yield from map(self._with_clients, self._fetched(self._ordered(), size))

    def client_ids(self, size: int) -> Iterator[list[int]]:
        """Each client behind the rows once, `size` at a time (the access log of a download)."""
        for batch in self._fetched(f"SELECT DISTINCT d.client_id FROM {self.rows}", size):  # noqa: S608  # nosec B608
            yield [client_id for (client_id,) in batch]

    def _ordered(self) -> str:
        return f'SELECT d.client_id, d.start, d."end" FROM {self.rows} ORDER BY d.client_id, d.start, d."end"'  # noqa: S608  # nosec B608  # fmt: skip

    def _fetched(self, sql: str, size: int) -> Iterator[list[tuple]]:
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, self.params)
            while batch := cursor.fetchmany(size):
                yield batch

    def _with_clients(self, found: list[tuple]) -> list[tuple]:
        by_id = self.clients.select_related("municipality", "consulent").in_bulk(
            {row[0] for row in found}
        )
        return [(by_id[client_id], start, end) for client_id, start, end in found]


def _positional(sql: str, params: dict) -> tuple[str, list]:
    values = []

    def take(match):
        values.append(params[match.group(1)])
        return "%s"

    return re.sub(r"%\((\w+)\)s", take, sql), values
