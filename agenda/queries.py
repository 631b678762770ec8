"""What other apps read of the agenda, through the ORM: the upcoming appointments of a
consulent (Vandaag). The no-shows are `Appointment.objects.no_shows()`."""

from __future__ import annotations

from datetime import date, timedelta

from agenda.models import Appointment

UPCOMING_DAYS = 7
UPCOMING_LIMIT = 20


def upcoming_appointments(user, today: date, days: int = UPCOMING_DAYS):
    """The user's own planned appointments from today for `days` days, within their scope."""
    return (
        Appointment.objects.for_user(user)
        .upcoming(today)
        .filter(consulent=user, date__lt=today + timedelta(days=days))
        .select_related("client", "kind")[:UPCOMING_LIMIT]
    )
