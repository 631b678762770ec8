"""The one timeline of a client: every app's entries (clients.extensions.timeline_entries) in
date order, the newest first, optionally of one kind. One query per source."""

from __future__ import annotations

from clients import extensions
from clients.extensions import TimelineEntry, TimelineSource
from clients.models import Client

LIMIT = 200  # per source on the timeline page
ON_FILE = 10  # the newest entries on the client file itself (issue 20)


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
