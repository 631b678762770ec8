"""Drawing up, changing and establishing plans van aanpak. Each service is atomic, refuses with a
Dutch message and writes the client's access log.

A concept is changed freely; a vastgesteld plan only gets actions marked as done. A change of
plan is a new version: `create_plan` starts it from the current plan's goals and open actions.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from categorisation.models import Assessment
from clients.access import log_access
from clients.models import AccessAction, Client
from core import formatting
from organisations.models import CorrectionRule, User
from plans.models import Action, Goal, Plan
from trajectories.models import Trajectory

# Units whose clients must have a plan, and the categories of passive service within them.
PLAN_UNITS = ("re_integratie", "participatie")
PASSIVE_CATEGORIES = ("3B",)


def _day(value: date) -> str:
    return value.strftime("%d-%m-%Y")


def plan_required_on(day: date) -> QuerySet[Assessment]:
    """The assessments in force on `day` whose clients must have a plan."""
    return (
        Assessment.objects.on(day)
        .filter(category__unit__code__in=PLAN_UNITS)
        .exclude(category__code__in=PASSIVE_CATEGORIES)
    )


def clients_without_current_plan(clients: QuerySet[Client], day: date) -> QuerySet[Client]:
    """The clients among `clients` who must have a plan on `day` and have none in force: in
    re-integratie or participatie on that day, not in passive service (3B), and without a
    vastgesteld plan with `valid_from` on or before the day. One query, usable as a subquery."""
    required = plan_required_on(day).filter(client=OuterRef("pk"))
    in_force = Plan.objects.established().filter(client=OuterRef("pk"), valid_from__lte=day)
    return clients.filter(Exists(required)).exclude(Exists(in_force))


def current_plan(client: Client, day: date | None = None) -> Plan | None:
    """The client's plan in force on `day` (today by default)."""
    day = day or timezone.localdate()
    return Plan.objects.filter(client=client).in_force_on(day).first()


def _lock_client(client: Client) -> None:
    Client.objects.select_for_update().filter(pk=client.pk).first()


def _check_concept(plan: Plan) -> None:
    if not plan.is_concept:
        raise ValidationError(
            _(
                "Versie %(version)s is vastgesteld en wordt niet meer gewijzigd. Maak een nieuwe "
                "versie om het plan aan te passen."
            )
            % {"version": plan.version}
        )


def _locked_plan(plan: Plan) -> Plan:
    _lock_client(plan.client)
    return Plan.objects.select_for_update(of=("self",)).select_related("client").get(pk=plan.pk)


def _check_trajectories(client: Client, trajectories: Iterable[Trajectory]) -> list[Trajectory]:
    trajectories = list(trajectories)
    foreign = [t for t in trajectories if t.client_id != client.pk]
    if foreign:
        raise ValidationError(
            {
                "trajectories": _(
                    "Een doel kan alleen trajecten van deze cliënt krijgen; %(names)s hoort "
                    "bij een andere cliënt."
                )
                % {"names": ", ".join(str(t) for t in foreign)}
            }
        )
    return trajectories


@transaction.atomic
def create_plan(*, client: Client, by: User) -> Plan:
    """A new concept version, starting from the current plan's goals (with their trajectories)
    and open actions. The current plan itself is not touched."""
    _lock_client(client)
    plans = Plan.objects.filter(client=client)
    concept = plans.filter(status=Plan.Status.CONCEPT).first()
    if concept:
        raise ValidationError(
            _("Er is al een concept (versie %(version)s). Werk dat concept bij of stel het vast.")
            % {"version": concept.version}
        )
    previous = plans.in_force_on(timezone.localdate()).first()
    version = (plans.aggregate(top=Max("version"))["top"] or 0) + 1
    plan = Plan.objects.create(client=client, version=version, created_by=by)
    if previous:
        _copy_contents(previous, plan)
    log_access(
        user=by,
        client=client,
        action=AccessAction.CREATE,
        detail=_("Plan van aanpak versie %(version)s opgesteld") % {"version": version},
    )
    return plan


def _copy_contents(source: Plan, target: Plan) -> None:
    goals = {}
    for goal in source.goals.prefetch_related("trajectories"):
        copy = Goal.objects.create(plan=target, text=goal.text, order=goal.order)
        copy.trajectories.set(goal.trajectories.all())
        goals[goal.pk] = copy
    Action.objects.bulk_create(
        Action(
            plan=target,
            goal=goals.get(action.goal_id),
            description=action.description,
            owner=action.owner,
            owner_name=action.owner_name,
            due_date=action.due_date,
        )
        for action in source.actions.open()
    )


@transaction.atomic
def add_goal(*, plan: Plan, text: str, by: User, trajectories: Iterable[Trajectory] = ()) -> Goal:
    plan = _locked_plan(plan)
    _check_concept(plan)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Beschrijf het doel.")})
    linked = _check_trajectories(plan.client, trajectories)
    order = (plan.goals.aggregate(top=Max("order"))["top"] or 0) + 1
    goal = Goal(plan=plan, text=text, order=order)
    goal.full_clean(exclude=["plan"])
    goal.save()
    goal.trajectories.set(linked)
    log_access(
        user=by,
        client=plan.client,
        action=AccessAction.UPDATE,
        detail=_("Doel toegevoegd aan plan van aanpak versie %(version)s")
        % {"version": plan.version},
    )
    return goal


@transaction.atomic
def link_trajectories(*, goal: Goal, trajectories: Iterable[Trajectory], by: User) -> Goal:
    """The trajectories that serve the goal (replacing the earlier choice), all the client's own."""
    plan = _locked_plan(goal.plan)
    _check_concept(plan)
    goal.trajectories.set(_check_trajectories(plan.client, trajectories))
    log_access(
        user=by,
        client=plan.client,
        action=AccessAction.UPDATE,
        detail=_("Trajecten bij een doel gekozen in plan van aanpak versie %(version)s")
        % {"version": plan.version},
    )
    return goal


@transaction.atomic
def add_action(
    *,
    plan: Plan,
    description: str,
    owner: str,
    due_date: date,
    by: User,
    owner_name: str = "",
    goal: Goal | None = None,
) -> Action:
    plan = _locked_plan(plan)
    _check_concept(plan)
    if goal is not None and goal.plan_id != plan.pk:
        raise ValidationError({"goal": _("Dit doel hoort niet bij dit plan.")})
    owner_name = owner_name.strip() if owner == Action.Owner.OTHER else ""
    if owner == Action.Owner.OTHER and not owner_name:
        raise ValidationError({"owner_name": _("Vul in wie deze actie uitvoert.")})
    action = Action(
        plan=plan,
        goal=goal,
        description=description.strip(),
        owner=owner,
        owner_name=owner_name,
        due_date=due_date,
    )
    action.full_clean(exclude=["plan", "goal"], validate_constraints=False)
    if due_date < timezone.localdate():
        raise ValidationError(
            {"due_date": _("De uiterste datum van een nieuwe actie ligt in het verleden.")}
        )
    action.save()
    log_access(
        user=by,
        client=plan.client,
        action=AccessAction.UPDATE,
        detail=_("Actie toegevoegd aan plan van aanpak versie %(version)s")
        % {"version": plan.version},
    )
    return action


def is_superseded(plan: Plan) -> bool:
    """A vastgesteld plan with a later vastgesteld version."""
    return (
        not plan.is_concept
        and Plan.objects.established()
        .filter(client_id=plan.client_id, version__gt=plan.version)
        .exists()
    )


@transaction.atomic
def mark_action_done(*, action: Action, on: date, by: User) -> Action:
    """Record that an agreed action was done, on the concept or the plan in force."""
    plan = _locked_plan(action.plan)
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.done_on is not None:
        raise ValidationError(
            _("Deze actie is al afgevinkt op %(day)s.") % {"day": _day(action.done_on)}
        )
    if is_superseded(plan):
        raise ValidationError(
            _(
                "Versie %(version)s is vervangen door een nieuwere versie. Vink de actie af in "
                "het actuele plan."
            )
            % {"version": plan.version}
        )
    if on > timezone.localdate():
        raise ValidationError({"done_on": _("De datum van uitvoering ligt in de toekomst.")})
    action.done_on = on
    action.full_clean(exclude=["plan", "goal"], validate_constraints=False)
    action.save(update_fields=["done_on"])
    log_access(
        user=by,
        client=plan.client,
        action=AccessAction.UPDATE,
        detail=_("Actie afgevinkt in plan van aanpak versie %(version)s")
        % {"version": plan.version},
    )
    return action


@transaction.atomic
def finalise_plan(
    *,
    plan: Plan,
    valid_from: date,
    agreed_by_client: bool,
    agreed_on: date | None,
    by: User,
) -> Plan:
    """Establish a concept from `valid_from` with the client's agreement (or its absence).
    A plan taking effect before the client turns 27 is an appendix to the benefit decision."""
    plan = _locked_plan(plan)
    _check_concept(plan)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not plan.goals.exists():
        errors.setdefault("__all__", []).append(
            _("Een plan van aanpak heeft minstens één doel. Voeg eerst een doel toe.")
        )
    if not plan.actions.exists():
        errors.setdefault("__all__", []).append(
            _("Een plan van aanpak heeft minstens één afgesproken actie. Voeg eerst een actie toe.")
        )
    if valid_from > today:
        errors["valid_from"] = [_("De ingangsdatum kan niet in de toekomst liggen.")]
    elif valid_from < plan.client.date_of_birth:
        errors["valid_from"] = [_("De ingangsdatum ligt vóór de geboortedatum van de cliënt.")]
    else:
        latest = (
            Plan.objects.established()
            .filter(client=plan.client)
            .order_by("-valid_from")
            .values_list("valid_from", flat=True)
            .first()
        )
        if latest and valid_from < latest:
            errors["valid_from"] = [
                _("De vorige versie geldt vanaf %(day)s; een nieuwe versie kan niet eerder ingaan.")
                % {"day": _day(latest)}
            ]
    if agreed_by_client and agreed_on is None:
        errors["agreed_on"] = [_("Vul de datum in waarop de cliënt akkoord ging.")]
    elif agreed_on is not None and not agreed_by_client:
        errors["agreed_on"] = [
            _("Een datum van akkoord hoort alleen bij een plan waarmee de cliënt akkoord ging.")
        ]
    elif agreed_on is not None and agreed_on > today:
        errors["agreed_on"] = [_("De datum van akkoord kan niet in de toekomst liggen.")]
    if errors:
        raise ValidationError(errors)
    plan.status = Plan.Status.ESTABLISHED
    plan.valid_from = valid_from
    plan.agreed_by_client = agreed_by_client
    plan.agreed_on = agreed_on
    plan.is_decision_appendix = plan.appendix_on(valid_from)
    plan.established_by = by
    plan.established_at = timezone.now()
    plan.save()
    log_access(
        user=by,
        client=plan.client,
        action=AccessAction.UPDATE,
        detail=_("Plan van aanpak versie %(version)s vastgesteld per %(day)s")
        % {"version": plan.version, "day": formatting.day(valid_from)},
    )
    return plan


@transaction.atomic
def withdraw_plan_entry(*, entry: Goal | Action, reason: str, by: User) -> Goal | Action:
    """Withdraw a goal or an action of a plan: struck through, no longer counted (the action
    signal, open actions); the plan's author and creation moment stand in for the entry's."""
    model = type(entry)
    entry = model.all_objects.select_related("plan__client").get(pk=entry.pk)
    _locked_plan(entry.plan)
    kind = CorrectionRule.Kind.GOAL if model is Goal else CorrectionRule.Kind.ACTION
    CorrectionRule.check_allowed(
        kind=kind, user=by, author_id=entry.plan.created_by_id, recorded_at=entry.plan.created_at
    )
    entry.withdraw(by=by, reason=reason)
    entry.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    log_access(
        user=by,
        client=entry.plan.client,
        action=AccessAction.UPDATE,
        detail=_("Ingetrokken: %(what)s. Reden: %(reason)s")
        % {"what": f"{model._meta.verbose_name} {entry}", "reason": reason},
        obj=entry,
    )
    return entry
