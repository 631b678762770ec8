"""Signal kinds: small registered definitions, one SQL query each.

A kind's `rows(scope, today, until, periods)` returns the signals of the clients of the scope
(already limited to what the user may see), as a queryset of values or as (sql, params), with
the columns of COLUMNS. Only those due on or before `until` count: queries.kind_sql filters on
that once, and a kind filters early where a plain column allows it (an index can help then).

    s_client   the client's id
    s_due      the due date
    s_object   the id of the row where the work is done (trajectory, plan, ontheffing), or NULL
    s_info     a short text (a trajectory type, an action, a category code), or NULL
    s_date     a second date for the description (the last contact, the test date), or NULL
    s_number   a number for the description (months of a norm, a premium's half year), or NULL

`until` is today plus the kind's lead (the look-ahead unless the kind has its own window), so
a signal shows from `lead` days before its due date and for as long as it is overdue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from deadlines.conf import Periods

COLUMNS = ("s_client", "s_due", "s_object", "s_info", "s_date", "s_number")


@dataclass(frozen=True)
class Scope:
    """The clients to compute signals for, on one day.

    `clients` are all of them (trajectory signals hold whether or not the benefit runs),
    `active` those with a benefit period running on the day (signals about the client's own
    file). `ids` and `active_ids` select their ids, for `client_id__in=`: a subquery, or the
    ids read once (see queries.fixed_scope)."""

    clients: QuerySet
    active: QuerySet
    ids: Any
    active_ids: Any


@dataclass
class Signal:
    """One signal: a row of a kind's query, with the client added for display."""

    kind: SignalKind
    client_id: int
    due: date
    object_id: int | None = None
    info: str | None = None
    date: date | None = None
    number: int | None = None
    client: object = None
    days: int = 0  # days until the due date as of the day asked for; negative when overdue

    @property
    def overdue(self) -> bool:
        return self.days < 0

    @property
    def late_days(self) -> int:
        return -self.days

    @property
    def url(self) -> str:
        return self.kind.url(self)

    @property
    def detail(self) -> str:
        return self.kind.describe(self)

    @property
    def links(self) -> list[Link]:
        """Other places where the work may be done, beside `url`."""
        return self.kind.links(self)

    @property
    def postpone_url(self) -> str:
        """The page where the consulent puts this signal off (views.signal_postpone)."""
        query = {"soort": self.kind.code}
        if self.object_id is not None:
            query["object"] = self.object_id
        path = reverse("deadlines:signal_postpone", args=[self.client_id])
        return f"{path}?{urlencode(query)}"


@dataclass(frozen=True)
class Link:
    """A further link of a signal's row, shown to a user with `perm` (the page's permission)."""

    label: str
    url: str
    perm: str


@dataclass(frozen=True)
class SignalKind:
    code: str
    label: str  # the heading on Vandaag, lazy Dutch
    action: str  # the link text of the place where the work is done
    rows: Callable[[Scope, date, date, Periods], QuerySet | tuple[str, list] | None]
    url: Callable[[Signal], str]
    describe: Callable[[Signal], str]
    lead: Callable[[Periods], int] = field(default=lambda periods: periods.lookahead_days)
    links: Callable[[Signal], list[Link]] = field(default=lambda signal: [])


KINDS: list[SignalKind] = []


def register(kind: SignalKind) -> SignalKind:
    if any(existing.code == kind.code for existing in KINDS):
        raise ValueError(f"Signal kind {kind.code!r} is registered twice.")
    KINDS.append(kind)
    return kind


def get_kind(code: str) -> SignalKind | None:
    return next((kind for kind in KINDS if kind.code == code), None)
