"""Planning an appointment and recording its outcome. Each service is atomic and writes the
access log; the double-booking check runs under a lock on the consulent, so two plans made at
the same moment cannot both pass it."""

from __future__ import annotations

from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.models import Appointment, AppointmentKind, CancelledBy, Status
from clients.access import log_access
from clients.models import AccessAction, Client
from organisations.models import User


def _check_times(start: time, end: time) -> None:
    if end <= start:
        raise ValidationError({"end": _("De afspraak eindigt vóór of op de begintijd.")})


def double_bookings(
    *, consulent: User, day: date, start: time, end: time, exclude: int | None = None
) -> list[Appointment]:
    """The consulent's other appointments (not cancelled) that overlap start–end on `day`."""
    rows = Appointment.objects.overlapping(consulent=consulent, day=day, start=start, end=end)
    if exclude:
        rows = rows.exclude(pk=exclude)
    return list(rows.select_related("kind"))


@transaction.atomic
def plan_appointment(
    *,
    client: Client,
    consulent: User,
    kind: AppointmentKind,
    day: date,
    start: time,
    end: time,
    place: str,
    participants: str = "",
    allow_double_booking: bool = False,
    by: User,
) -> Appointment:
    _check_times(start, end)
    User.objects.select_for_update().filter(pk=consulent.pk).first()
    clashes = double_bookings(consulent=consulent, day=day, start=start, end=end)
    if clashes and not allow_double_booking:
        raise ValidationError(
            {
                "start": _(
                    "Dubbele boeking: %(name)s heeft dan al een afspraak (%(times)s). Kies een "
                    "ander tijdstip, of vink 'toch inplannen' aan."
                )
                % {
                    "name": consulent.get_full_name() or consulent.username,
                    "times": ", ".join(f"{a.start:%H:%M}–{a.end:%H:%M}" for a in clashes),
                }
            }
        )
    appointment = Appointment(
        client=client,
        consulent=consulent,
        kind=kind,
        date=day,
        start=start,
        end=end,
        place=place,
        participants=participants,
        created_by=by,
    )
    appointment.full_clean()
    appointment.save()
    log_access(
        user=by,
        client=client,
        action=AccessAction.UPDATE,
        obj=appointment,
        detail=_("Afspraak ingepland (%(kind)s, %(day)s)")
        % {"kind": kind.name, "day": f"{day:%d-%m-%Y}"},
    )
    return appointment


@transaction.atomic
def record_outcome(
    *,
    appointment: Appointment,
    status: str,
    report: str = "",
    cancelled_by: str = "",
    by: User,
) -> Appointment:
    """Gehouden (with a short report), niet verschenen (with or without notice) or afgezegd
    (by whom). Only a planned appointment gets an outcome; a held one or a no-show cannot lie
    in the future."""
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if not appointment.is_planned:
        raise ValidationError(_("Deze afspraak heeft al een uitkomst."))
    if status == Status.PLANNED:
        raise ValidationError({"status": _("Kies een uitkomst.")})
    if status != Status.CANCELLED and appointment.date > timezone.localdate():
        raise ValidationError(
            {"status": _("Een afspraak in de toekomst kan alleen worden afgezegd.")}
        )
    if status == Status.HELD and not report.strip():
        raise ValidationError({"report": _("Schrijf een kort verslag van het gesprek.")})
    if status == Status.CANCELLED and cancelled_by not in CancelledBy.values:
        raise ValidationError({"cancelled_by": _("Vul in wie de afspraak heeft afgezegd.")})
    appointment.status = status
    appointment.report = report.strip()
    appointment.cancelled_by = cancelled_by if status == Status.CANCELLED else ""
    appointment.outcome_by = by
    appointment.outcome_at = timezone.now()
    appointment.full_clean()
    appointment.save()
    log_access(
        user=by,
        client=appointment.client,
        action=AccessAction.UPDATE,
        obj=appointment,
        detail=_("Afspraak van %(day)s: %(status)s")
        % {"day": f"{appointment.date:%d-%m-%Y}", "status": appointment.get_status_display()},
    )
    return appointment


def mark_no_show(*, appointment: Appointment, with_notice: bool, by: User) -> Appointment:
    """The client did not come: the signal "niet verschenen" follows (deadlines), and issue 19's
    maatregelen can find it with `Appointment.objects.no_shows()`."""
    status = Status.NO_SHOW_NOTICE if with_notice else Status.NO_SHOW
    return record_outcome(appointment=appointment, status=status, by=by)
