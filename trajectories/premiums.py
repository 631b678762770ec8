"""Premiums per completed period of running time (the participatiebaan's stimuleringspremie).

A premium falls due on the first day after each completed period of `premium_interval_months`,
counted from the actual start: a participatiebaan from 15 January 2025 has premiums due on
15 July 2025, 15 January 2026, and so on. A period counts only when the trajectory was still
running on its last day. The rule in force on the start date sets amount, interval and the
maximum number: the allowed running time (maximum duration plus the extensions granted)
divided by the interval, so a participatiebaan left running past its end earns nothing more.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.access import log_access
from clients.models import AccessAction
from core.dates import add_months
from core.formatting import money
from organisations.models import User
from trajectories.models import PremiumPayment, Status, Trajectory


def premium_due_dates(
    *, start: date, interval_months: int, ended: date | None, today: date, limit: int | None
) -> list[date]:
    """The due dates up to `today`: period k is complete once its last day has passed while
    the trajectory ran, so it falls due on start + k × interval (never clipped cumulatively)."""
    if interval_months <= 0:
        return []
    dates: list[date] = []
    count = 1
    while limit is None or count <= limit:
        due = add_months(start, count * interval_months)
        if due > today or (ended is not None and due - timedelta(days=1) > ended):
            break
        dates.append(due)
        count += 1
    return dates


def schedule(trajectory: Trajectory, today: date | None = None) -> list[date]:
    """The due dates of one trajectory as of `today` (no query when the type's rules are
    prefetched)."""
    if trajectory.actual_start is None:
        return []
    rule = trajectory.type.rule_on(trajectory.actual_start)
    if rule is None or not rule.premium_interval_months:
        return []
    allowed = rule.max_months(trajectory.extensions)
    return premium_due_dates(
        start=trajectory.actual_start,
        interval_months=rule.premium_interval_months,
        ended=trajectory.actual_end,
        today=today or timezone.localdate(),
        limit=None if allowed is None else allowed // rule.premium_interval_months,
    )


@transaction.atomic
def record_due_premiums(*, trajectory: Trajectory, today: date | None = None) -> int:
    """Record every premium due and not yet recorded; safe to run any number of times.
    Returns how many were added."""
    trajectory = (
        Trajectory.objects.select_for_update(of=("self",))
        .select_related("type")
        .get(pk=trajectory.pk)
    )
    dates = schedule(trajectory, today)
    if not dates:
        return 0
    amount = trajectory.type.rule_on(trajectory.actual_start).premium_amount
    known = set(trajectory.premiums.values_list("due_date", flat=True))
    new = [
        PremiumPayment(trajectory=trajectory, due_date=due, amount=amount)
        for due in dates
        if due not in known
    ]
    PremiumPayment.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def record_all_due_premiums(today: date | None = None) -> int:
    """For the daily task: every trajectory that can have premiums and ran recently."""
    today = today or timezone.localdate()
    candidates = (
        Trajectory.objects.filter(
            status__in=[Status.RUNNING, Status.COMPLETED, Status.ABORTED],
            actual_start__isnull=False,
            type__rules__premium_interval_months__isnull=False,
        )
        .exclude(actual_end__lt=today - timedelta(days=400))
        .distinct()
        .values_list("pk", flat=True)
    )
    return sum(record_due_premiums(trajectory=Trajectory(pk=pk), today=today) for pk in candidates)


@transaction.atomic
def pay_premium(*, payment: PremiumPayment, paid_on: date, by: User) -> PremiumPayment:
    payment = (
        PremiumPayment.objects.select_for_update(of=("self",))
        .select_related("trajectory__client", "trajectory__type")
        .get(pk=payment.pk)
    )
    if payment.is_paid:
        raise ValidationError(
            _("Deze premie is al betaald op %(day)s.")
            % {"day": payment.paid_on.strftime("%d-%m-%Y")}
        )
    if paid_on < payment.due_date:
        raise ValidationError(
            {
                "paid_on": _("Een premie kan niet worden betaald vóór de vervaldatum %(day)s.")
                % {"day": payment.due_date.strftime("%d-%m-%Y")}
            }
        )
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("De betaaldatum kan niet in de toekomst liggen.")})
    payment.status, payment.paid_on = PremiumPayment.PaymentStatus.PAID, paid_on
    payment.save(update_fields=["status", "paid_on"])
    log_access(
        user=by,
        client=payment.trajectory.client,
        action=AccessAction.UPDATE,
        detail=_("Premie %(type)s van %(amount)s (verschuldigd %(due)s) betaald op %(day)s")
        % {
            "type": payment.trajectory.type,
            "amount": money(payment.amount),
            "due": payment.due_date.strftime("%d-%m-%Y"),
            "day": paid_on.strftime("%d-%m-%Y"),
        },
    )
    return payment
