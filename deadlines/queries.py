"""Signals for a set of clients: one SQL query per kind, whatever the number of clients.

The client queryset given is the scope: a consulent's own clients (Vandaag), or a manager's
clients of one municipality (counts per consulent). Nothing here loops over clients in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from clients.models import Client
from deadlines import kinds  # noqa: F401 - registers the kinds
from deadlines.conf import Periods, periods
from deadlines.registry import COLUMNS, KINDS, Signal, SignalKind

# Signals listed per kind on one page; the count above them is always complete.
LIST_LIMIT = 200


def kind_sql(
    kind: SignalKind, clients: QuerySet[Client], today: date, settings: Periods | None = None
) -> tuple[str, list] | None:
    """The kind's query as SQL with the signal columns in a fixed type, or None when the kind
    is switched off by its settings."""
    settings = settings or periods()
    until = today + timedelta(days=kind.lead(settings))
    rows = kind.rows(clients, today, until, settings)
    if rows is None:
        return None
    sql, params = rows if isinstance(rows, tuple) else rows.query.sql_with_params()
    typed = (
        "SELECT k.s_client::bigint AS s_client, k.s_due::date AS s_due, "
        "k.s_object::bigint AS s_object, k.s_info::text AS s_info, k.s_date::date AS s_date, "
        "k.s_number::int AS s_number FROM ({}) k"
    )
    return typed.format(sql), list(params)


@dataclass
class Group:
    kind: SignalKind
    count: int = 0
    overdue: int = 0
    signals: list[Signal] = field(default_factory=list)

    @property
    def first_due(self) -> date | None:
        return self.signals[0].due if self.signals else None

    @property
    def truncated(self) -> bool:
        return self.count > len(self.signals)


def signal_groups(
    clients: QuerySet[Client],
    today: date,
    *,
    only: SignalKind | None = None,
    limit: int = LIST_LIMIT,
) -> list[Group]:
    """The signals of the clients per kind, soonest due first (so overdue first), each group
    with its full count and overdue count; groups with the most urgent signal first. One query
    per kind and one for the clients' names."""
    settings = periods()
    groups = []
    for kind in [only] if only else KINDS:
        query = kind_sql(kind, clients, today, settings)
        if query is None:
            continue
        sql, params = query
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(COLUMNS)}, count(*) OVER (), "  # noqa: S608 - our own SQL
                f"count(*) FILTER (WHERE s_due < %s) OVER () FROM ({sql}) s "
                "ORDER BY s_due, s_client, s_object LIMIT %s",
                [today, *params, limit],
            )
            rows = cursor.fetchall()
        if not rows:
            continue
        group = Group(kind, count=rows[0][-2], overdue=rows[0][-1])
        group.signals = [Signal(kind, *row[:-2]) for row in rows]
        for signal in group.signals:
            signal.days = (signal.due - today).days
        groups.append(group)
    _attach_clients([signal for group in groups for signal in group.signals])
    groups.sort(key=lambda group: (group.first_due, KINDS.index(group.kind)))
    return groups


def _attach_clients(signals: list[Signal]) -> None:
    """The clients of the signals, in one query. The ids come from the scoped queries only."""
    ids = {signal.client_id for signal in signals}
    if not ids:
        return
    clients = Client.objects.filter(pk__in=ids).only(
        "pk", "first_names", "prefix", "last_name", "date_of_birth", "consulent_id"
    )
    by_id = {client.pk: client for client in clients}
    for signal in signals:
        signal.client = by_id.get(signal.client_id)


def counts_by_consulent(clients: QuerySet[Client], today: date) -> dict[tuple, int]:
    """Number of signals per (consulent id or None, kind code): one aggregate per kind."""
    settings = periods()
    counts: dict[tuple, int] = {}
    for kind in KINDS:
        query = kind_sql(kind, clients, today, settings)
        if query is None:
            continue
        sql, params = query
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.consulent_id, count(*) "  # noqa: S608 - our own SQL
                f"FROM ({sql}) s JOIN clients_client c ON c.id = s.s_client GROUP BY 1",
                params,
            )
            for consulent_id, count in cursor.fetchall():
                counts[consulent_id, kind.code] = count
    return counts


def clients_with_signal(
    clients: QuerySet[Client], today: date, kind: SignalKind | None = None
) -> QuerySet[Client]:
    """The clients among `clients` with a signal (of `kind`, or of any kind): one query."""
    settings = periods()
    parts = [
        query
        for query in (kind_sql(k, clients, today, settings) for k in ([kind] if kind else KINDS))
        if query is not None
    ]
    if not parts:
        return clients.none()
    sql = " UNION ALL ".join(f"({part})" for part, _params in parts)
    params = [param for _part, part_params in parts for param in part_params]
    union = f"SELECT s_client FROM ({sql}) s"  # noqa: S608 - the kinds' own SQL, values as params
    return clients.filter(pk__in=RawSQL(union, params))  # noqa: S611
