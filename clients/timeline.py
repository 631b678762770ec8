"""The one timeline of a client: every app's entries (clients.extensions.timeline_entries) in
date order, the newest first, optionally of one kind. One query per source."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from clients import extensions
from clients.extensions import TimelineEntry, TimelineSource
from clients.models import Client

LIMIT = 200  # per source on the timeline page
ON_FILE = 10  # the newest entries on the client file itself (issue 20)


def newest(
    client: Client,
    relation: str,
    queryset: QuerySet,
    *,
    key: Callable[[Any], Any],
    limit: int,
    current: bool = False,
) -> list:
    """The newest `limit` of the client's rows of `relation`, the newest first by `key` (the
    order of `queryset`, which reads them otherwise). When the client file has read them already
    (its prefetch: the file shows them), its timeline takes them from there instead of reading
    them again; `current` leaves out withdrawn rows there, as a default manager does
    (core.withdrawal)."""
    rows = getattr(client, "_prefetched_objects_cache", {}).get(relation)
    if rows is None:
        return list(queryset[:limit])
    if current:
        rows = [row for row in rows if row.withdrawn_at is None]
    return sorted(rows, key=key, reverse=True)[:limit]


def sources() -> list[TimelineSource]:
    return sorted(extensions.timeline_entries, key=lambda source: source.order)


def timeline(client: Client, *, kind: str | None = None, limit: int = LIMIT) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for source in sources():
        if kind and source.kind != kind:
            continue
        entries.extend(source.entries(client, limit))
    entries.sort(key=lambda entry: (entry.day, entry.order), reverse=True)
    return entries[:limit] if not kind else entries


def labelled(client: Client, *, kind: str | None = None, limit: int = LIMIT) -> list[tuple]:
    """The timeline as (entry, the Dutch name of its kind) rows, for the page and the file."""
    labels = {source.kind: source.label for source in sources()}
    return [
        (entry, labels.get(entry.kind, entry.kind))
        for entry in timeline(client, kind=kind, limit=limit)
    ]
