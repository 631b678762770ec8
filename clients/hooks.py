"""What clients itself puts on the timeline (clients.extensions.timeline_entries): contact
notes, benefit periods and ontheffingen; registered in ClientsConfig.ready()."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from clients.extensions import TimelineEntry, TimelineSource
from clients.models import BenefitPeriod, ContactNote, Ontheffing
from clients.timeline import newest


def _file(client) -> str:
    return reverse("clients:client_detail", args=[client.pk])


def _notes(client, limit: int) -> list[TimelineEntry]:
    rows = newest(
        client,
        "notes",
        ContactNote.objects.filter(client=client).order_by("-date", "-created_at"),
        key=lambda note: (note.date, note.created_at),
        limit=limit,
        current=True,
    )
    return [
        TimelineEntry(
            day=note.date,
            kind="notitie",
            title=_("Contact: %(kind)s") % {"kind": note.get_kind_display().lower()},
            detail=Truncator(note.text).chars(160),
            order=note.created_at.timestamp(),
        )
        for note in rows
    ]


def _benefits(client, limit: int) -> list[TimelineEntry]:
    entries = []
    periods = newest(
        client,
        "benefit_periods",
        BenefitPeriod.objects.filter(client=client).select_related("municipality"),  # -start
        key=lambda period: period.start,
        limit=limit,
    )
    for period in periods:
        entries.append(
            TimelineEntry(
                day=period.start,
                kind="uitkering",
                title=_("Uitkering gestart (%(place)s)") % {"place": period.municipality.name},
                url=_file(client),
            )
        )
        if period.end:
            entries.append(
                TimelineEntry(day=period.end, kind="uitkering", title=_("Uitkering beëindigd"))
            )
    return entries


def _ontheffingen(client, limit: int) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            day=row.start,
            kind="ontheffing",
            title=_("Ontheffing: %(reason)s") % {"reason": row.get_reason_display().lower()},
            detail=_("tot en met %(day)s") % {"day": f"{row.end:%d-%m-%Y}"} if row.end else "",
        )
        for row in newest(
            client,
            "ontheffingen",
            Ontheffing.objects.filter(client=client).order_by("-start"),
            key=lambda row: row.start,
            limit=limit,
            current=True,
        )
    ]


NOTES = TimelineSource("notitie", _lazy("Contactmomenten"), _notes, order=10)
BENEFITS = TimelineSource("uitkering", _lazy("Uitkering"), _benefits, order=20)
ONTHEFFINGEN = TimelineSource("ontheffing", _lazy("Ontheffingen"), _ontheffingen, order=25)
