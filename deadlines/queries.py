"""Signals for a set of clients: one SQL query per kind, whatever the number of clients.

The client queryset given is the scope: a consulent's own clients (Vandaag), or a manager's
clients of one municipality (counts per consulent). Nothing here loops over clients in Python.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from weakref import WeakKeyDictionary

from django.db import connection
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.expressions import RawSQL

from clients.models import BenefitPeriod, Client
from deadlines import kinds  # noqa: F401 - registers the kinds
from deadlines.conf import Periods, periods
from deadlines.kinds.base import with_running_benefit
from deadlines.models import Postponement
from deadlines.registry import COLUMNS, KINDS, Scope, Signal, SignalKind, get_kind

# Signals listed per kind: on Vandaag's overview, and for one kind (or a manager's drill-down).
# The counts above them are always complete.
OVERVIEW_LIMIT = 5  # the few most urgent of each kind: the page stays one to take in
LIST_LIMIT = 500

# The scope read once (see read_scope) is a common table expression that each kind's query
# starts from, so a kind's SQL does not depend on whose clients it is: it is compiled once per
# day and setting, and only the ids change.
SCOPE_CTE = (
    "WITH signal_scope (id, active, consulent) AS "
    "(SELECT * FROM unnest(%s::bigint[], %s::boolean[], %s::bigint[]))"
)
_all = RawSQL("SELECT id FROM signal_scope", [])
_active = RawSQL("SELECT id FROM signal_scope WHERE active", [])
READ_SCOPE = Scope(
    clients=Client.objects.filter(pk__in=_all),
    active=Client.objects.filter(pk__in=_active),
    ids=_all,
    active_ids=_active,
)


# A postponement in force hides the signal of its client, kind and object (NULL for a signal
# about the client's file as a whole); the index (client, kind, until) finds it.
POSTPONED = (
    f"SELECT 1 FROM {Postponement._meta.db_table} p WHERE p.client_id = k.s_client::bigint "  # noqa: S608
    "AND p.kind = %s::text AND p.until > %s::date AND (p.object_id = k.s_object::bigint "
    "OR (p.object_id IS NULL AND k.s_object IS NULL))"
)


@dataclass(frozen=True)
class ReadScope:
    """The clients of a scope with, for each, whether a benefit runs and their consulent."""

    ids: list[int]
    active: list[bool]
    consulenten: list[int | None]

    @property
    def params(self) -> list:
        return [self.ids, self.active, self.consulenten]


def read_scope(
    clients: QuerySet[Client], today: date, *, limit: int | None = None
) -> ReadScope | None:
    """One query: the clients' ids, whether a benefit period runs on `today`, and their
    consulent. For a consulent's caseload or a page of consulenten: a few thousand at most;
    None when there are more than `limit`."""
    running = BenefitPeriod.objects.filter(client=OuterRef("pk")).running_on(today)
    rows = (
        clients.order_by()
        .annotate(on_benefit=Exists(running))
        .values_list("pk", "on_benefit", "consulent_id")
    )
    rows = list(rows if limit is None else rows[: limit + 1])
    if limit is not None and len(rows) > limit:
        return None
    return ReadScope(
        ids=[row[0] for row in rows],
        active=[row[1] for row in rows],
        consulenten=[row[2] for row in rows],
    )


def lazy_scope(clients: QuerySet[Client], today: date) -> Scope:
    """The clients as subqueries, for a scope too large to read (a caseload filter over a
    whole municipality)."""
    active = with_running_benefit(clients, today)
    return Scope(
        clients=clients,
        active=active,
        ids=clients.order_by().values("pk"),
        active_ids=active.order_by().values("pk"),
    )


@lru_cache(maxsize=256)
def _read_scope_sql(code: str, today: date, settings: Periods) -> tuple[str, tuple] | None:
    kind = get_kind(code)
    query = kind_sql(kind, READ_SCOPE, today, settings)
    return None if query is None else (query[0], tuple(query[1]))


def read_scope_sql(kind: SignalKind, today: date, settings: Periods) -> tuple[str, list] | None:
    """The kind's query over the read scope (SCOPE_CTE must precede it), compiled once per
    day and setting."""
    query = _read_scope_sql(kind.code, today, settings)
    return None if query is None else (query[0], list(query[1]))


def kind_sql(
    kind: SignalKind, scope: Scope, today: date, settings: Periods | None = None
) -> tuple[str, list] | None:
    """The kind's query as SQL with the signal columns in a fixed type, or None when the kind
    is switched off by its settings."""
    settings = settings or periods()
    until = today + timedelta(days=kind.lead(settings))
    rows = kind.rows(scope, today, until, settings)
    if rows is None:
        return None
    sql, params = rows if isinstance(rows, tuple) else rows.query.sql_with_params()
    # The due date is filtered here, once: OFFSET 0 keeps PostgreSQL from merging the kind's
    # query into this one, which would evaluate the subqueries of a computed date twice. So is a
    # signal put off until after today (deadlines.models.Postponement), in the same statement.
    typed = (
        "SELECT k.s_client::bigint AS s_client, k.s_due::date AS s_due, "
        "k.s_object::bigint AS s_object, k.s_info::text AS s_info, k.s_date::date AS s_date, "
        "k.s_number::int AS s_number FROM ({kind} OFFSET 0) k WHERE k.s_due <= %s"
        " AND NOT EXISTS ({postponed})"
    )
    return typed.format(kind=sql, postponed=POSTPONED), [*params, until, kind.code, today]


# A statement over a read scope of up to PREPARED_LIMIT clients is prepared once per database
# connection, with the scope's three arrays as its parameters and everything else (the day, the
# settings) written into it, and executed with a generic plan. PostgreSQL then plans the union of
# every kind once per connection instead of on every request: for one client's file, planning was
# 80-220 ms under load against 2-6 ms of execution. The generic plan assumes about a hundred
# clients (PostgreSQL's estimate for unnest of a parameter), the size of a consulent's caseload;
# a larger scope (a manager's team) is planned for its own size each time.
PREPARED_LIMIT = 500
PREPARED_SCOPE_CTE = (
    "WITH signal_scope (id, active, consulent) AS "
    "(SELECT * FROM unnest($1::bigint[], $2::boolean[], $3::bigint[]))"
)
PREPARED_MAX = 64  # statements kept per connection (a new day or setting makes new ones)


@dataclass
class _Prepared:
    names: set[str] = field(default_factory=set)
    unknown: bool = False  # after an error: the server may hold statements not in `names`


_prepared: WeakKeyDictionary = WeakKeyDictionary()  # psycopg connection -> _Prepared


def _execute_over_scope(cursor, sql: str, params: list, scope: ReadScope) -> None:
    """Execute `sql` (which follows SCOPE_CTE) over the read scope, leaving its rows to fetch.
    Same statement, same rows; only how often PostgreSQL plans it differs."""
    if len(scope.ids) > PREPARED_LIMIT:
        cursor.execute(f"{SCOPE_CTE} {sql}", [*scope.params, *params])
        return
    text = connection.ops.compose_sql(sql, params)
    name = "opstap_signals_" + hashlib.sha256(text.encode()).hexdigest()[:24]
    state = _prepared.setdefault(connection.connection, _Prepared())
    prepare = ""
    if name not in state.names:
        if state.unknown or len(state.names) >= PREPARED_MAX:
            prepare = "DEALLOCATE ALL; "
            state.names.clear()
            state.unknown = False
        prepare += (
            f"PREPARE {name} (bigint[], boolean[], bigint[]) AS {PREPARED_SCOPE_CTE} {text}; "
        )
    # One round trip, one query, the rows last (pghistory's context moves to the last result).
    # SET LOCAL holds for this statement's implicit transaction, or to the end of the one it runs
    # in; it concerns prepared statements only, and Django prepares none of its own.
    statement = (
        f"{prepare.replace('%', '%%')}SET LOCAL plan_cache_mode = force_generic_plan; "
        f"EXECUTE {name} (%s, %s, %s)"
    )
    try:
        cursor.execute(statement, scope.params)
    except Exception:
        state.names.clear()
        state.unknown = True
        raise
    state.names.add(name)
    while cursor.description is None and cursor.nextset():
        pass  # the rows of EXECUTE, after those of DEALLOCATE, PREPARE and SET


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


def _together(chosen: list[SignalKind], today: date, settings: Periods):
    """The kinds' queries over the read scope as one UNION ALL, each row tagged with the kind's
    position in `chosen`: one statement and one round trip for all of them."""
    parts, params = [], []
    for number, kind in enumerate(chosen):
        query = read_scope_sql(kind, today, settings)
        if query is not None:
            parts.append(f"SELECT {number} AS kind, * FROM ({query[0]}) k{number}")  # noqa: S608
            params += query[1]
    return " UNION ALL ".join(parts), params


def signal_groups(
    clients: QuerySet[Client],
    today: date,
    *,
    only: SignalKind | None = None,
    limit: int = LIST_LIMIT,
) -> list[Group]:
    """The signals of the clients per kind, soonest due first (so overdue first), each group
    with its full count and overdue count; groups with the most urgent signal first. One SQL
    query per kind, sent together as one statement; one query for the clients in scope and one
    for their names."""
    settings = periods()
    scope = read_scope(clients, today)
    chosen = [only] if only else list(KINDS)
    union, params = _together(chosen, today, settings)
    if not scope.ids or not union:
        return []
    with connection.cursor() as cursor:
        _execute_over_scope(
            cursor,
            f"SELECT kind, {', '.join(COLUMNS)}, total, late FROM ("  # noqa: S608  # nosec B608
            f"SELECT *, count(*) OVER per_kind AS total, "
            "count(*) FILTER (WHERE s_due < %s) OVER per_kind AS late, "
            "row_number() OVER (PARTITION BY kind ORDER BY s_due, s_client, s_object) AS place "
            f"FROM ({union}) signals WINDOW per_kind AS (PARTITION BY kind)"
            ") numbered WHERE place <= %s ORDER BY kind, place",
            [today, *params, limit],
            scope,
        )
        rows = cursor.fetchall()
    groups: dict[int, Group] = {}
    for number, *columns, total, late in rows:
        kind = chosen[number]
        group = groups.setdefault(number, Group(kind, count=total, overdue=late))
        signal = Signal(kind, *columns)
        signal.days = (signal.due - today).days
        group.signals.append(signal)
    _attach_clients([signal for group in groups.values() for signal in group.signals])
    return sorted(groups.values(), key=lambda group: (group.first_due, KINDS.index(group.kind)))


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
    """Number of signals per (consulent id or None, kind code): one SQL query per kind, sent
    together as one aggregate, and one query for the clients in scope."""
    settings = periods()
    scope = read_scope(clients, today)
    union, params = _together(KINDS, today, settings)
    if not scope.ids or not union:
        return {}
    with connection.cursor() as cursor:
        _execute_over_scope(
            cursor,
            f"SELECT s.kind, c.consulent, count(*) FROM ({union}) s "  # noqa: S608  # nosec B608
            "JOIN signal_scope c ON c.id = s.s_client GROUP BY 1, 2",
            params,
            scope,
        )
        return {(consulent, KINDS[kind].code): count for kind, consulent, count in cursor}


def load_per_consulent(clients: QuerySet[Client], today: date) -> tuple[dict, dict]:
    """For the consulenten of `clients`: how many of these clients each has, and how many open
    signals, by consulent id (None: nobody's). Three queries: the sizes, the scope, the kinds.
    For choosing whom to hand work to (handover) and the teamleider's start page."""
    sizes = dict(clients.values_list("consulent").annotate(n=Count("pk")).order_by())
    signals: dict[int | None, int] = {}
    for (consulent_id, _kind), count in counts_by_consulent(clients, today).items():
        signals[consulent_id] = signals.get(consulent_id, 0) + count
    return sizes, signals


# Up to this many clients, the caseload filter reads them first (as Vandaag does); beyond it
# (a manager's whole municipality) the kinds run as subqueries of the caseload's own query.
READ_LIMIT = 5_000


def clients_with_signal(
    clients: QuerySet[Client], today: date, kind: SignalKind | None = None
) -> QuerySet[Client]:
    """The clients among `clients` with a signal (of `kind`, or of any kind)."""
    settings = periods()
    wanted = [kind] if kind else KINDS
    scope = read_scope(clients, today, limit=READ_LIMIT)
    if scope is not None:
        union, params = _together(wanted, today, settings)
        if not union or not scope.ids:
            return clients.none()
        with connection.cursor() as cursor:
            _execute_over_scope(
                cursor,
                f"SELECT DISTINCT s_client FROM ({union}) s",  # noqa: S608  # nosec B608
                params,
                scope,
            )
            ids = [row[0] for row in cursor.fetchall()]
        return clients.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", [ids]))
    lazy = lazy_scope(clients, today)
    parts = [query for query in (kind_sql(k, lazy, today, settings) for k in wanted) if query]
    if not parts:
        return clients.none()
    sql = " UNION ALL ".join(f"({part})" for part, _params in parts)
    params = [param for _part, part_params in parts for param in part_params]
    union = f"SELECT s_client FROM ({sql}) s"  # noqa: S608 - the kinds' own SQL, values as params
    return clients.filter(pk__in=RawSQL(union, params))  # noqa: S611  # nosec B611
