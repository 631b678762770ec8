"""Planning, starting, extending and ending trajectories. Each service is atomic, refuses with a
Dutch message that names the rule, and writes the client's access log.

Lifecycle: aangevraagd → lopend → afgerond | afgebroken, and aangevraagd → afgebroken.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.access import log_access
from clients.extensions import Decision, hold_for_approval
from clients.models import AccessAction, Client, EndReason
from core.dates import add_months
from organisations.models import Municipality, User
from trajectories.models import (
    Outcome,
    Provider,
    Status,
    Trajectory,
    TrajectoryRule,
    TrajectoryType,
)
from trajectories.premiums import record_due_premiums
from trajectories.rules import (
    check_duration,
    check_eligibility,
    check_not_future,
    check_not_running,
    day_text,
    rule_for,
)

# Budgets sit above trajectories (they read and charge trajectories): the budget line is a
# string foreign key here, and its class a type only.
if TYPE_CHECKING:
    from budgets.models import BudgetLine

# The form fields plan_trajectory takes besides client and user.
PLAN_FIELDS = [
    "kind",
    "provider",
    "municipality",
    "planned_start",
    "planned_end",
    "cost",
    "budget_line",
]


def lock_capacity(kind: TrajectoryType, municipality: Municipality, year: int) -> None:
    """Serialise starts that compete for the places of one type, municipality and year: a
    transaction-scoped advisory lock, released at commit or rollback. The count that follows
    is a new statement, so under READ COMMITTED it sees every start committed before the lock
    was granted."""
    key = f"opstap.trajectories.capacity:{kind.pk}:{municipality.pk}:{year}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


def places_used(kind: TrajectoryType, municipality: Municipality, year: int) -> int:
    """Places used in a year: trajectories of the type charged to the municipality that
    started in that year, whatever became of them later."""
    return Trajectory.objects.filter(
        type=kind,
        municipality=municipality,
        actual_start__gte=date(year, 1, 1),
        actual_start__lte=date(year, 12, 31),
    ).count()


def _check_capacity(rule: TrajectoryRule, municipality: Municipality, day: date) -> None:
    if rule.yearly_capacity is None:
        return
    lock_capacity(rule.type, municipality, day.year)
    if places_used(rule.type, municipality, day.year) >= rule.yearly_capacity:
        raise ValidationError(
            _(
                "De %(capacity)s plaatsen voor %(type)s in %(municipality)s in %(year)s zijn "
                "allemaal bezet. Kies een andere startdatum of een ander traject."
            )
            % {
                "capacity": rule.yearly_capacity,
                "type": rule.type,
                "municipality": municipality,
                "year": day.year,
            }
        )


def _locked(trajectory: Trajectory, version: int | None) -> Trajectory:
    """The current row, locked; refused when someone changed it after the form was opened."""
    Client.objects.select_for_update().filter(pk=trajectory.client_id).first()
    fresh = (
        Trajectory.objects.select_for_update(of=("self",))
        .select_related("client", "type")
        .get(pk=trajectory.pk)
    )
    if version is not None and fresh.version != version:
        raise ValidationError(
            _(
                "Dit traject is gewijzigd nadat u het formulier opende. Er is niets opgeslagen; "
                "bekijk het traject opnieuw."
            )
        )
    return fresh


def _move(trajectory: Trajectory, status: str) -> None:
    if not trajectory.can_move_to(status):
        raise ValidationError(
            _("Een traject met status %(current)s kan niet naar %(new)s.")
            % {
                "current": trajectory.get_status_display().lower(),
                "new": Status(status).label.lower(),
            }
        )
    trajectory.status = status
    trajectory.version += 1


@transaction.atomic
def plan_trajectory(
    *,
    client: Client,
    kind: TrajectoryType,
    provider: Provider,
    municipality: Municipality,
    planned_start: date,
    planned_end: date,
    by: User,
    cost: Decimal = Decimal("0.00"),
    consulent: User | None = None,
    budget_line: BudgetLine | None = None,
) -> Trajectory:
    """A requested trajectory. Duration, age and category are checked on the planned dates;
    they are checked again when it starts."""
    if municipality.organisation_id != client.organisation_id:
        raise ValidationError({"municipality": _("Deze gemeente hoort niet bij uw organisatie.")})
    if budget_line and budget_line.budget_year.organisation_id != client.organisation_id:
        raise ValidationError(
            {"budget_line": _("Deze begrotingsregel hoort niet bij uw organisatie.")}
        )
    if not kind.active or not provider.active:
        raise ValidationError(_("Deze soort of aanbieder is niet meer in gebruik."))
    if planned_end < planned_start:
        raise ValidationError({"planned_end": _("Het geplande einde ligt vóór de geplande start.")})
    rule = rule_for(kind, planned_start)
    check_duration(rule, planned_start, planned_end, 0, "planned_end")
    check_eligibility(client, rule, planned_start, "kind")
    trajectory = Trajectory(
        client=client,
        type=kind,
        provider=provider,
        municipality=municipality,
        consulent=consulent or client.consulent or by,
        planned_start=planned_start,
        planned_end=planned_end,
        cost=cost,
        budget_line=budget_line,
    )
    trajectory.full_clean(exclude=["client", "consulent"], validate_constraints=False)
    trajectory.save()
    log_access(
        user=by,
        client=client,
        action=AccessAction.UPDATE,
        detail=_("Traject %(type)s aangevraagd, gepland %(start)s tot en met %(end)s")
        % {"type": kind, "start": day_text(planned_start), "end": day_text(planned_end)},
    )
    return trajectory


@transaction.atomic
def plan_and_start_trajectory(*, client: Client, by: User, **fields) -> Trajectory:
    """Request and start on the planned start in one step; a refused start keeps no request."""
    trajectory = plan_trajectory(client=client, by=by, **fields)
    try:
        return start_trajectory(trajectory=trajectory, on=trajectory.planned_start, by=by)
    except ValidationError as error:
        if hasattr(error, "error_dict") and "on" in error.error_dict:
            raise ValidationError({"planned_start": error.error_dict["on"]}) from error
        raise


@transaction.atomic
def start_trajectory(
    *, trajectory: Trajectory, on: date, by: User, version: int | None = None
) -> Trajectory:
    """aangevraagd → lopend on `on`, by the rule in force on that day."""
    trajectory = _locked(trajectory, version)
    _move(trajectory, Status.RUNNING)
    check_not_future(on, "on", _("Een startdatum"))
    if on > trajectory.planned_end:
        raise ValidationError(
            {
                "on": _("De startdatum ligt na het geplande einde (%(end)s).")
                % {"end": day_text(trajectory.planned_end)}
            }
        )
    rule = rule_for(trajectory.type, on)
    check_duration(rule, on, trajectory.planned_end, trajectory.extensions, "on")
    check_eligibility(trajectory.client, rule, on, "on")
    check_not_running(trajectory.client, trajectory.type, trajectory.pk)
    _check_capacity(rule, trajectory.municipality, on)
    trajectory.actual_start = on
    try:
        with transaction.atomic():
            trajectory.save(update_fields=["status", "actual_start", "version"])
    except IntegrityError as exc:  # the unique constraint, should the check above be bypassed
        raise ValidationError(
            _("De cliënt heeft al een lopend traject %(type)s.") % {"type": trajectory.type}
        ) from exc
    log_access(
        user=by,
        client=trajectory.client,
        action=AccessAction.UPDATE,
        detail=_("Traject %(type)s gestart per %(day)s")
        % {"type": trajectory.type, "day": day_text(on)},
    )
    return trajectory


def _extended_end(trajectory: Trajectory) -> tuple[date, date | None]:
    """The planned end after one more extension, and the rule's maximum without extensions."""
    if trajectory.status not in (Status.REQUESTED, Status.RUNNING):
        raise ValidationError(_("Alleen een aangevraagd of lopend traject kan worden verlengd."))
    rule = rule_for(trajectory.type, trajectory.start)
    if trajectory.extensions >= rule.max_extensions:
        raise ValidationError(
            _("%(type)s kan hoogstens %(count)s keer worden verlengd.")
            % {"type": trajectory.type, "count": rule.max_extensions}
        )
    end = min(
        add_months(trajectory.planned_end, rule.extension_months),
        rule.latest_end(trajectory.start, trajectory.extensions + 1),
    )
    return end, rule.latest_end(trajectory.start, 0)


@transaction.atomic
def request_extension(
    *, trajectory: Trajectory, by: User, version: int | None = None
) -> Trajectory | None:
    """The workflow "Verlengen": an extension past the rule's maximum duration is held ter
    goedkeuring when the organisation asks for four eyes (returns None), else applied."""
    trajectory = _locked(trajectory, version)
    end, maximum = _extended_end(trajectory)
    beyond = maximum is not None and end > maximum
    if beyond:
        decision = Decision(
            kind="verlenging",
            client=trajectory.client,
            effective=timezone.localdate(),
            payload={"trajectory": trajectory.pk},
            summary=_("%(type)s verlengen tot en met %(end)s (maximale duur tot en met %(max)s)")
            % {"type": trajectory.type, "end": day_text(end), "max": day_text(maximum)},
            by=by,
        )
        if hold_for_approval(decision) is not None:
            return None
    return extend_trajectory(trajectory=trajectory, by=by, approved=beyond)


@transaction.atomic
def extend_trajectory(
    *, trajectory: Trajectory, by: User, version: int | None = None, approved: bool = False
) -> Trajectory:
    """One extension: the planned end moves by the rule's extension months. Past the rule's
    maximum duration only when approved (vier-ogen, or an organisation without that rule)."""
    trajectory = _locked(trajectory, version)
    end, maximum = _extended_end(trajectory)
    if maximum is not None and end > maximum and not approved:
        raise ValidationError(
            _(
                "Verlengen tot %(end)s gaat voorbij de maximale duur (tot en met %(max)s) en "
                "vraagt goedkeuring van een teamleider."
            )
            % {"end": day_text(end), "max": day_text(maximum)}
        )
    trajectory.extensions += 1
    trajectory.planned_end = end
    trajectory.version += 1
    trajectory.save(update_fields=["extensions", "planned_end", "version"])
    log_access(
        user=by,
        client=trajectory.client,
        action=AccessAction.UPDATE,
        detail=_("Traject %(type)s verlengd tot en met %(end)s")
        % {"type": trajectory.type, "end": day_text(trajectory.planned_end)},
    )
    return trajectory


# The type whose early end needs a second pair of eyes (vier-ogen): the participatiebaan.
EARLY_END_NEEDS_APPROVAL = ("participatiebaan",)


@transaction.atomic
def request_end(
    *, trajectory: Trajectory, on: date, outcome: str, by: User, version: int | None = None
) -> Trajectory | None:
    """The workflow "Traject beëindigen": a participatiebaan ended before its planned end is
    held ter goedkeuring when the organisation asks for four eyes (returns None)."""
    trajectory = _locked(trajectory, version)
    early = (
        trajectory.type.code in EARLY_END_NEEDS_APPROVAL
        and trajectory.status == Status.RUNNING
        and trajectory.planned_end is not None
        and on < trajectory.planned_end
    )
    if early:
        if outcome not in Outcome.values:
            raise ValidationError({"outcome": _("Kies een resultaat.")})
        if on < trajectory.actual_start:
            raise ValidationError(
                {
                    "on": _("De einddatum ligt vóór de start (%(start)s).")
                    % {"start": day_text(trajectory.actual_start)}
                }
            )
        check_not_future(on, "on", _("Een einddatum"))
        decision = Decision(
            kind="participatiebaan_einde",
            client=trajectory.client,
            effective=on,
            payload={"trajectory": trajectory.pk, "outcome": outcome},
            summary=_("%(type)s beëindigen per %(on)s (gepland tot en met %(end)s): %(outcome)s")
            % {
                "type": trajectory.type,
                "on": day_text(on),
                "end": day_text(trajectory.planned_end),
                "outcome": Outcome(outcome).label.lower(),
            },
            by=by,
        )
        if hold_for_approval(decision) is not None:
            return None
    return end_trajectory(trajectory=trajectory, on=on, outcome=outcome, by=by)


@transaction.atomic
def end_trajectory(
    *,
    trajectory: Trajectory,
    on: date,
    outcome: str,
    by: User,
    version: int | None = None,
    because: str = "",
) -> Trajectory:
    """lopend → afgerond, or → afgebroken when the outcome is uitval. Premiums that fell due
    up to the end are recorded in the same step. `because` says why, in the access log, when
    another workflow ends it (the end of the benefit, with its reason)."""
    trajectory = _locked(trajectory, version)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Kies een resultaat.")})
    _move(trajectory, Status.ABORTED if outcome == Outcome.DROP_OUT else Status.COMPLETED)
    if on < trajectory.actual_start:
        raise ValidationError(
            {
                "on": _("De einddatum ligt vóór de start (%(start)s).")
                % {"start": day_text(trajectory.actual_start)}
            }
        )
    check_not_future(on, "on", _("Een einddatum"))
    rule = rule_for(trajectory.type, trajectory.actual_start)
    check_duration(rule, trajectory.actual_start, on, trajectory.extensions, "on")
    trajectory.actual_end, trajectory.outcome = on, outcome
    trajectory.save(update_fields=["status", "actual_end", "outcome", "version"])
    record_due_premiums(trajectory=trajectory)
    log_access(
        user=by,
        client=trajectory.client,
        action=AccessAction.UPDATE,
        detail=" ".join(
            filter(
                None,
                [
                    _("Traject %(type)s beëindigd per %(day)s: %(outcome)s")
                    % {
                        "type": trajectory.type,
                        "day": day_text(on),
                        "outcome": trajectory.get_outcome_display().lower(),
                    },
                    because,
                ],
            )
        ),
    )
    return trajectory


@transaction.atomic
def close_running_trajectories(
    *, client: Client, on: date, outcome: str, reason: EndReason, by: User
) -> int:
    """Step of ending a benefit (clients.services.end_benefit): end the client's running
    trajectories on the benefit's last day with `outcome`; the access log names the benefit's end
    reason. Returns how many were closed."""
    running = list(Trajectory.objects.filter(client=client, status=Status.RUNNING))
    because = _("(uitkering beëindigd, reden %(code)s %(description)s)") % {
        "code": reason.code,
        "description": reason.description,
    }
    for trajectory in running:
        end_trajectory(trajectory=trajectory, on=on, outcome=outcome, by=by, because=because)
    return len(running)


@transaction.atomic
def cancel_trajectory(
    *, trajectory: Trajectory, by: User, version: int | None = None
) -> Trajectory:
    """aangevraagd → afgebroken: the trajectory never started, so it has no outcome."""
    trajectory = _locked(trajectory, version)
    if trajectory.status == Status.RUNNING:
        raise ValidationError(
            _("Een lopend traject wordt beëindigd met een resultaat, niet geannuleerd.")
        )
    _move(trajectory, Status.ABORTED)
    trajectory.save(update_fields=["status", "version"])
    log_access(
        user=by,
        client=trajectory.client,
        action=AccessAction.UPDATE,
        detail=_("Aanvraag traject %(type)s ingetrokken") % {"type": trajectory.type},
    )
    return trajectory


def charge_to_budget_line(*, trajectories: QuerySet[Trajectory], line: BudgetLine | None) -> int:
    """Charge the cost and premiums of `trajectories` to `line` (None: to no line), in one
    update. Refused for a line of another organisation. Returns how many were charged."""
    if line is not None:
        trajectories = trajectories.filter(client__organisation_id=line.budget_year.organisation_id)
    return trajectories.update(budget_line=line)
