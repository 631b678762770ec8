"""The iCalendar feed of a consulent's appointments (the icalendar library). A calendar app
cannot log in, so the feed's URL carries a per-user secret (192 bits, only its SHA-256 stored),
which the user makes anew or revokes on the agenda page. The feed shows only pseudonymous text
("Afspraak (voortgangsgesprek), kantoor"): no name, BSN or client number."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from agenda.models import Appointment, CalendarToken, Status
from organisations.models import User

WEEKS_BACK = 4
DAYS_AHEAD = 183


def new_token(*, user: User) -> str:
    """A new secret for the user's feed; the previous URL stops working."""
    token = secrets.token_urlsafe(24)
    CalendarToken.objects.update_or_create(
        user=user,
        defaults={
            "digest": CalendarToken.digest_of(token),
            "created_at": timezone.now(),
            "last_used_at": None,
        },
    )
    return token


def revoke_token(*, user: User) -> None:
    CalendarToken.objects.filter(user=user).delete()


def has_token(user: User) -> bool:
    return CalendarToken.objects.filter(user=user).exists()


def user_for_token(token: str) -> User | None:
    row = (
        CalendarToken.objects.select_related("user")
        .filter(digest=CalendarToken.digest_of(token), user__is_active=True)
        .first()
    )
    if row is None:
        return None
    CalendarToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    return row.user


def calendar_for(user: User) -> bytes:
    today = timezone.localdate()
    rows = (
        Appointment.objects.for_user(user)
        .filter(
            consulent=user,
            date__range=(today - timedelta(weeks=WEEKS_BACK), today + timedelta(days=DAYS_AHEAD)),
        )
        .exclude(status=Status.CANCELLED)
        .select_related("kind")
        .order_by("date", "start")
    )
    calendar = Calendar()
    calendar.add("prodid", "-//Opstap//Agenda//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Opstap")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for appointment in rows:
        event = Event()
        event.add("uid", f"afspraak-{appointment.pk}@opstap")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", appointment.starts_at)
        event.add("dtend", appointment.ends_at)
        event.add("summary", appointment.pseudonymous_title())
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
