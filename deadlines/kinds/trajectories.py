"""Signals about trajectories, from the rules of each type (TrajectoryRule, in force on the
trajectory's start): planned end, maximum duration (participatiebaan, Bbz voorbereidingsjaar,
proefplaatsing and every other type with a maximum), evaluation, premiums, and the training to
offer in a participatiebaan. They hold whether or not the benefit still runs."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, F, OuterRef, Subquery, Value
from django.db.models.functions import Least
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from clients.models import ContactNote
from deadlines.conf import Periods
from deadlines.expressions import AddDays, AddMonths
from deadlines.kinds.base import PERSONAL_CONTACT, client_ids, emit, fmt
from deadlines.registry import Scope, Signal, SignalKind, register
from trajectories.models import PremiumPayment, Status, Trajectory, TrajectoryRule
from trajectories.queries import (
    PREMIUM_PAYMENTS,
    TRAJECTORIES,
    TRAJECTORY_RULES,
    TRAJECTORY_TYPES,
)


def _trajectory(signal: Signal) -> str:
    return reverse("trajectories:trajectory_detail", args=[signal.object_id])


def rule_value(name: str) -> Subquery:
    """For a trajectory queryset: a column of the type's rule in force on the actual start."""
    rule = TrajectoryRule.objects.filter(
        type=OuterRef("type"), valid_from__lte=OuterRef("actual_start")
    ).order_by("-valid_from")
    return Subquery(rule.values(name)[:1])


def _running(scope: Scope):
    return Trajectory.objects.running().filter(client_id__in=scope.ids)


def _emit_running(rows, number=None):
    """The signal columns of running trajectories: the trajectory, its type and its start."""
    return emit(
        rows,
        client=F("client_id"),
        obj=F("pk"),
        info=F("type__name"),
        day=F("actual_start"),
        number=number,
    )


# The planned end within N days, or passed while the trajectory still runs.
def planned_end_rows(scope: Scope, today: date, until: date, periods: Periods):
    rows = _running(scope).filter(planned_end__lte=until).annotate(s_due=F("planned_end"))
    return _emit_running(rows)


register(
    SignalKind(
        code="traject_einde",
        label=_lazy("Traject loopt af"),
        action=_lazy("Beëindigen of verlengen"),
        rows=planned_end_rows,
        url=_trajectory,
        describe=lambda s: _("%(type)s, gestart %(day)s.") % {"type": s.info, "day": fmt(s.date)},
        lead=lambda periods: periods.trajectory_end_days,
    )
)


# The maximum duration of the type (with the extensions granted) is reached: the last allowed
# day. Participatiebaan 24 months (+ 1 + 1 year), Bbz voorbereidingsjaar 12, proefplaatsing 3.
def max_duration_rows(scope: Scope, today: date, until: date, periods: Periods):
    rows = (
        _running(scope)
        .annotate(
            r_max=rule_value("max_duration_months"),
            r_ext=rule_value("extension_months"),
            r_count=rule_value("max_extensions"),
        )
        .filter(r_max__isnull=False)
        .annotate(s_months=F("r_max") + Least(F("extensions"), F("r_count")) * F("r_ext"))
        .annotate(s_due=AddDays(AddMonths(F("actual_start"), F("s_months")), Value(-1)))
        .filter(s_due__lte=until)
    )
    return _emit_running(rows, number=F("s_months"))


register(
    SignalKind(
        code="maximale_duur",
        label=_lazy("Maximale duur traject"),
        action=_lazy("Beëindigen of verlengen"),
        rows=max_duration_rows,
        url=_trajectory,
        describe=lambda s: (
            _("%(type)s, gestart %(day)s: hoogstens %(months)s maanden.")
            % {"type": s.info, "day": fmt(s.date), "months": s.number}
        ),
    )
)


# The evaluation after the rule's evaluation_months (participatiebaan: 9). The evaluation is a
# conversation: personal contact recorded from `lead` days before the date resolves it.
def evaluation_rows(scope: Scope, today: date, until: date, periods: Periods):
    lead = periods.lookahead_days
    talked = ContactNote.objects.filter(
        client=OuterRef("client"),
        kind__in=PERSONAL_CONTACT,
        date__gte=AddDays(OuterRef("s_due"), Value(-lead)),
    )
    rows = (
        _running(scope)
        .annotate(s_months=rule_value("evaluation_months"))
        .filter(s_months__isnull=False)
        .annotate(s_due=AddMonths(F("actual_start"), F("s_months")))
        .filter(s_due__lte=until)
        .exclude(Exists(talked))
    )
    return _emit_running(rows, number=F("s_months"))


register(
    SignalKind(
        code="evaluatie",
        label=_lazy("Evaluatie traject"),
        action=_lazy("Evaluatie vastleggen"),
        rows=evaluation_rows,
        url=lambda s: reverse("clients:contactnote_create", args=[s.client_id]),
        describe=lambda s: (
            _("%(type)s, gestart %(day)s: evaluatie na %(months)s maanden.")
            % {"type": s.info, "day": fmt(s.date), "months": s.number}
        ),
    )
)


# Premiums (participatiebaan: per completed half year): every due date of the rule's schedule
# (as trajectories.premiums computes it) without a paid premium. Paying it resolves it. The tables
# are trajectories' (trajectories.queries).
PREMIUM_SQL = """
    SELECT t.client_id AS s_client,
           due.day AS s_due,
           t.id AS s_object,
           ty.name AS s_info,
           NULL::date AS s_date,
           k.n AS s_number
    FROM (SELECT %s::date AS until, %s::varchar AS paid) arg
    CROSS JOIN {trajectories} t
    JOIN {types} ty ON ty.id = t.type_id
    JOIN LATERAL (
        SELECT r.premium_interval_months AS every,
               r.max_duration_months
                 + LEAST(t.extensions, r.max_extensions) * r.extension_months AS allowed
        FROM {rules} r
        WHERE r.type_id = t.type_id AND r.valid_from <= t.actual_start
        ORDER BY r.valid_from DESC
        LIMIT 1
    ) rule ON rule.every IS NOT NULL
    CROSS JOIN LATERAL generate_series(
        1,
        LEAST(
            COALESCE(rule.allowed / rule.every, 1000),
            ((EXTRACT(YEAR FROM age(arg.until, t.actual_start)) * 12
              + EXTRACT(MONTH FROM age(arg.until, t.actual_start)))::int / rule.every) + 1
        )
    ) AS k(n)
    CROSS JOIN LATERAL (
        SELECT (t.actual_start + make_interval(months => k.n * rule.every))::date AS day
    ) due
    WHERE t.client_id IN ({clients})
      AND t.type_id IN (
          SELECT type_id FROM {rules}
          WHERE premium_interval_months IS NOT NULL
      )
      AND t.actual_start IS NOT NULL
      AND t.status = ANY(%s)
      AND due.day <= arg.until
      AND (t.actual_end IS NULL OR due.day - 1 <= t.actual_end)
      AND NOT EXISTS (
          SELECT 1 FROM {premiums} p
          WHERE p.trajectory_id = t.id AND p.due_date = due.day AND p.status = arg.paid
      )
"""


def premium_rows(scope: Scope, today: date, until: date, periods: Periods):
    clients_sql, clients_params = client_ids(scope, active=False)
    started = [Status.RUNNING, Status.COMPLETED, Status.ABORTED]
    return (
        PREMIUM_SQL.format(
            clients=clients_sql,
            trajectories=TRAJECTORIES,
            types=TRAJECTORY_TYPES,
            rules=TRAJECTORY_RULES,
            premiums=PREMIUM_PAYMENTS,
        ),
        [until, PremiumPayment.PaymentStatus.PAID, *clients_params, started],
    )


register(
    SignalKind(
        code="premie",
        label=_lazy("Premie participatiebaan"),
        action=_lazy("Premie betalen"),
        rows=premium_rows,
        url=_trajectory,
        describe=lambda s: (
            _("%(type)s: premie over periode %(n)s.") % {"type": s.info, "n": s.number}
        ),
    )
)


# Training to offer after N months in a participatiebaan without startkwalificatie (settings
# name the types). A training trajectory planned for the client since the start resolves it.
def training_rows(scope: Scope, today: date, until: date, periods: Periods):
    if not periods.training_after_types or not periods.training_types:
        return None
    offered = Trajectory.objects.filter(
        client=OuterRef("client"),
        type__code__in=periods.training_types,
        planned_end__gte=OuterRef("actual_start"),
    )
    rows = (
        _running(scope)
        .filter(type__code__in=periods.training_after_types, client__startkwalificatie=False)
        .annotate(s_due=AddMonths(F("actual_start"), Value(periods.training_months)))
        .filter(s_due__lte=until)
        .exclude(Exists(offered))
    )
    return _emit_running(rows, number=Value(periods.training_months))


register(
    SignalKind(
        code="scholing",
        label=_lazy("Scholing aanbieden"),
        action=_lazy("Scholing aanvragen"),
        rows=training_rows,
        url=lambda s: reverse("trajectories:trajectory_create", args=[s.client_id]),
        describe=lambda s: (
            _(
                "%(type)s sinds %(day)s, geen startkwalificatie: scholing aanbieden na %(months)s "
                "maanden."
            )
            % {"type": s.info, "day": fmt(s.date), "months": s.number}
        ),
    )
)
