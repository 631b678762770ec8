"""Putting a signal off: the one change deadlines makes (see models.Postponement)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clients.access import log_access
from clients.models import AccessAction
from core.formatting import day as fmt_day
from deadlines.models import Postponement
from deadlines.registry import Signal
from organisations.models import User


def postpone_limit(today: date) -> date:
    """The last day a signal may be put off until (OPSTAP_SIGNAL_POSTPONE_MAX_DAYS)."""
    return today + timedelta(days=settings.OPSTAP_SIGNAL_POSTPONE_MAX_DAYS)


def check_postponement(*, until: date, reason: str, today: date) -> None:
    """The rules of a postponement, as Dutch messages on the fields they concern."""
    errors = {}
    if until <= today:
        errors["until"] = _("Kies een datum na vandaag.")
    elif until > postpone_limit(today):
        errors["until"] = _("Uitstellen kan tot uiterlijk %(day)s (%(days)s dagen).") % {
            "day": fmt_day(postpone_limit(today)),
            "days": settings.OPSTAP_SIGNAL_POSTPONE_MAX_DAYS,
        }
    if not reason.strip():
        errors["reason"] = _("Geef een reden voor het uitstellen.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def postpone_signal(
    *, signal: Signal, until: date, reason: str, today: date, by: User
) -> Postponement:
    """Hide `signal` from Vandaag until `until` (it shows again on that day if its cause is still
    there), with the reason; recorded in the client's change history and the access log."""
    check_postponement(until=until, reason=reason, today=today)
    postponement = Postponement.objects.create(
        client_id=signal.client_id,
        kind=signal.kind.code,
        object_id=signal.object_id,
        due=signal.due,
        until=until,
        reason=reason.strip(),
        created_by=by,
    )
    log_access(
        user=by,
        client=signal.client,
        action=AccessAction.UPDATE,
        detail=_("Signaal uitgesteld tot %(day)s: %(kind)s")
        % {"day": fmt_day(until), "kind": signal.kind.label},
        obj=postponement,
    )
    return postponement
