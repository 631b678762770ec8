from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clients.access import log_access
from clients.models import AccessAction
from clients.once import submit_once, with_token
from clients.views.file import log_form_shown, scoped_client
from core.views import form_errors_to_messages, object_action
from plans import services
from plans.forms import (
    ActionDoneForm,
    ActionForm,
    GoalForm,
    GoalTrajectoriesForm,
    PlanCreateForm,
    PlanFinaliseForm,
)
from plans.models import Action, Goal, Plan
from trajectories.models import Trajectory


def _data(request):
    """The POST data, also when empty (a confirmation, or every box unticked)."""
    return request.POST if request.method == "POST" else None


def scoped_plan(request, pk: int) -> Plan:
    """The plan if the user may see it: scoped by the client's municipality, else 404."""
    if not request.user.has_perm("plans.view_plan"):
        raise Http404
    plans = Plan.objects.for_user(request.user).select_related(
        "client", "client__municipality", "created_by", "established_by"
    )
    return get_object_or_404(plans, pk=pk)


def _contents(plan: Plan, *, withdrawn: bool) -> tuple[list[Goal], list[Action]]:
    """The plan's goals and actions; with `withdrawn`, the withdrawn ones too (struck through on
    the plan page; the printed plan leaves them out)."""
    goals = Goal.all_objects if withdrawn else Goal.objects
    actions = Action.all_objects if withdrawn else Action.objects
    goals = list(
        goals.filter(plan=plan)
        .select_related("withdrawn_by")
        .prefetch_related(
            Prefetch("trajectories", queryset=Trajectory.objects.select_related("type", "provider"))
        )
    )
    actions = list(actions.filter(plan=plan).select_related("goal", "withdrawn_by"))
    return goals, actions


def _plan_context(request, plan: Plan, *, withdrawn: bool = True) -> dict:
    goals, actions = _contents(plan, withdrawn=withdrawn)
    today = timezone.localdate()
    current = services.current_plan(plan.client, today)
    return {
        "plan": plan,
        "client": plan.client,
        "goals": goals,
        "actions": actions,
        "overdue": {
            action.pk for action in actions if not action.is_withdrawn and action.is_overdue(today)
        },
        "today": today,
        "is_current": current is not None and current.pk == plan.pk,
        "current": current,
    }


def plan_list(request, pk: int):
    """The client's versions, the newest first."""
    if not request.user.has_perm("plans.view_plan"):
        raise Http404
    client = scoped_client(request, pk)
    plans = list(Plan.objects.filter(client=client).select_related("created_by"))
    current = services.current_plan(client)
    log_access(
        user=request.user,
        client=client,
        action=AccessAction.VIEW,
        detail=_("Versies van het plan van aanpak bekeken"),
    )
    return render(
        request,
        "plans/plan_list.html",
        {
            "client": client,
            "plans": plans,
            "current": current,
            "can_add": request.user.has_perm("plans.add_plan"),
        },
    )


@permission_required("plans.add_plan", raise_exception=True)
@require_http_methods(["GET", "POST"])
def plan_create(request, pk: int):
    client = scoped_client(request, pk)
    form = with_token(PlanCreateForm(_data(request)))
    if request.method == "POST" and form.is_valid():

        def perform():
            plan = services.create_plan(client=client, by=request.user)
            return (
                _("Versie %(version)s is opgesteld als concept.") % {"version": plan.version},
                reverse("plans:plan_detail", kwargs={"pk": plan.pk}),
            )

        try:
            return submit_once(request, form, perform)
        except ValidationError as error:
            form_errors_to_messages(form, error)
    log_form_shown(request, client, _("Nieuw plan opstellen"))
    return render(
        request,
        "plans/plan_create.html",
        {"form": form, "client": client, "current": services.current_plan(client)},
    )


def plan_detail(request, pk: int):
    plan = scoped_plan(request, pk)
    context = _plan_context(request, plan)
    log_access(
        user=request.user,
        client=plan.client,
        action=AccessAction.VIEW,
        detail=_("Plan van aanpak versie %(version)s bekeken") % {"version": plan.version},
    )
    context["can_change"] = request.user.has_perm("plans.change_plan")
    context["superseded"] = services.is_superseded(plan)
    # Intrekken (clients:entry_withdraw, the corrections' page) for a version still in use.
    context["can_withdraw"] = (
        request.user.has_perm("clients.change_client") and not context["superseded"]
    )
    return render(request, "plans/plan_detail.html", context)


def plan_print(request, pk: int):
    """A clean page to print or save as PDF; printing shows client data, so it is logged."""
    plan = scoped_plan(request, pk)
    context = _plan_context(request, plan, withdrawn=False)
    log_access(
        user=request.user,
        client=plan.client,
        action=AccessAction.VIEW,
        detail=_("Plan van aanpak versie %(version)s afgedrukt") % {"version": plan.version},
    )
    return render(request, "plans/plan_print.html", context)


def _plan_action(request, plan, form_class, perform, *, title, form_kwargs=None, obj=None):
    """A form on a plan (scoped by the caller), saved once per form token, back to the plan."""
    form = form_class(_data(request), **(form_kwargs(plan) if form_kwargs else {}))
    return object_action(
        request,
        with_token(form),
        lambda data: perform(plan, data),
        client=plan.client,
        title=title,
        done=reverse("plans:plan_detail", kwargs={"pk": plan.pk}),
        template="plans/plan_action.html",
        log_shown=log_form_shown,
        obj=obj or plan,
        context={"plan": plan, "object": obj},
        submit=submit_once,
    )


@permission_required("plans.change_plan", raise_exception=True)
@require_http_methods(["GET", "POST"])
def goal_create(request, pk: int):
    def perform(plan, data):
        services.add_goal(
            plan=plan, text=data["text"], trajectories=data.get("trajectories", ()), by=request.user
        )
        return _("Het doel is toegevoegd.")

    return _plan_action(
        request,
        scoped_plan(request, pk),
        GoalForm,
        perform,
        title=_("Doel toevoegen"),
        form_kwargs=lambda plan: {"plan": plan},
    )


@permission_required("plans.change_plan", raise_exception=True)
@require_http_methods(["GET", "POST"])
def goal_trajectories(request, pk: int, goal_pk: int):
    plan = scoped_plan(request, pk)
    goal = get_object_or_404(plan.goals, pk=goal_pk)

    def perform(plan, data):
        services.link_trajectories(goal=goal, trajectories=data["trajectories"], by=request.user)
        return _("De trajecten bij het doel zijn opgeslagen.")

    return _plan_action(
        request,
        plan,
        GoalTrajectoriesForm,
        perform,
        title=_("Trajecten bij een doel"),
        form_kwargs=lambda plan: {
            "plan": plan,
            "initial": {"trajectories": list(goal.trajectories.values_list("pk", flat=True))},
        },
        obj=goal,
    )


@permission_required("plans.change_plan", raise_exception=True)
@require_http_methods(["GET", "POST"])
def action_create(request, pk: int):
    def perform(plan, data):
        services.add_action(plan=plan, by=request.user, **data)
        return _("De actie is toegevoegd.")

    return _plan_action(
        request,
        scoped_plan(request, pk),
        ActionForm,
        perform,
        title=_("Actie toevoegen"),
        form_kwargs=lambda plan: {"plan": plan},
    )


@permission_required("plans.change_plan", raise_exception=True)
@require_http_methods(["GET", "POST"])
def action_done(request, pk: int, action_pk: int):
    plan = scoped_plan(request, pk)
    action = get_object_or_404(plan.actions, pk=action_pk)

    def perform(plan, data):
        services.mark_action_done(action=action, on=data["done_on"], by=request.user)
        return _("De actie is afgevinkt.")

    return _plan_action(
        request, plan, ActionDoneForm, perform, title=_("Actie afvinken"), obj=action
    )


@permission_required("plans.change_plan", raise_exception=True)
@require_http_methods(["GET", "POST"])
def plan_finalise(request, pk: int):
    def perform(plan, data):
        plan = services.finalise_plan(plan=plan, by=request.user, **data)
        message = _("Versie %(version)s is vastgesteld per %(day)s.") % {
            "version": plan.version,
            "day": plan.valid_from.strftime("%d-%m-%Y"),
        }
        if plan.is_decision_appendix:
            message += " " + _(
                "De cliënt is jonger dan 27: het plan is een bijlage bij het besluit (art. 44a)."
            )
        return message

    return _plan_action(
        request, scoped_plan(request, pk), PlanFinaliseForm, perform, title=_("Plan vaststellen")
    )
