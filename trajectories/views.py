from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from clients.access import log_access, log_page
from clients.models import AccessAction
from clients.views.actions import client_action
from clients.views.file import log_form_shown, scoped_client
from core.pagination import CappedPaginator
from core.views import form_errors_to_messages, object_action
from organisations.models import Municipality
from organisations.roles import MANAGER
from trajectories import premiums, services
from trajectories.forms import (
    PremiumPayForm,
    ProviderFilterForm,
    TrajectoryCancelForm,
    TrajectoryEndForm,
    TrajectoryExtendForm,
    TrajectoryPlanForm,
    TrajectoryStartForm,
)
from trajectories.models import PremiumPayment, Provider, Status, Trajectory
from trajectories.queries import capacity_overview

PAGE_SIZE = 50


def scoped_trajectory(request, pk: int) -> Trajectory:
    """The trajectory if the user may see it: scoped by the client's municipality, else 404."""
    if not request.user.has_perm("trajectories.view_trajectory"):
        raise Http404
    trajectories = Trajectory.objects.for_user(request.user).for_list()
    return get_object_or_404(trajectories, pk=pk)


@permission_required("trajectories.add_trajectory", raise_exception=True)
@require_http_methods(["GET", "POST"])
def trajectory_create(request, pk: int):
    client = scoped_client(request, pk)
    form = TrajectoryPlanForm(
        request.POST or None,
        user=request.user,
        initial={"municipality": client.municipality_id, "planned_start": timezone.localdate()},
    )

    def perform(data):
        fields = {name: data[name] for name in services.PLAN_FIELDS}
        if data["start_now"]:
            services.plan_and_start_trajectory(client=client, by=request.user, **fields)
            return _("Het traject %(type)s is gestart.") % {"type": data["kind"]}
        services.plan_trajectory(client=client, by=request.user, **fields)
        return _("Het traject %(type)s is aangevraagd.") % {"type": data["kind"]}

    return client_action(request, client, form, perform, title=_("Traject aanvragen"))


def trajectory_detail(request, pk: int):
    # The page shows whose trajectory it is: client data, so client access is needed too.
    if not request.user.has_perm("clients.view_client"):
        raise Http404
    trajectory = scoped_trajectory(request, pk)
    log_access(
        user=request.user,
        client=trajectory.client,
        action=AccessAction.VIEW,
        detail=_("Traject ingezien: %(t)s") % {"t": trajectory.type.name},
    )
    rule = trajectory.type.rule_on(trajectory.start)
    recorded = list(trajectory.premiums.all())
    return render(
        request,
        "trajectories/trajectory_detail.html",
        {
            "trajectory": trajectory,
            "rule": rule,
            "latest_end": rule.latest_end(trajectory.start, trajectory.extensions)
            if rule
            else None,
            "premiums": recorded,
            "premiums_pending": len(premiums.schedule(trajectory)) - len(recorded),
            "can_change": request.user.has_perm("trajectories.change_trajectory"),
            "can_extend": rule is not None
            and trajectory.extensions < rule.max_extensions
            and trajectory.status in (Status.REQUESTED, Status.RUNNING),
            "can_pay": request.user.has_perm("trajectories.change_premiumpayment"),
        },
    )


def _trajectory_action(request, pk, form_class, perform, *, title):
    """A form on a trajectory (scoped here), back to the trajectory."""
    trajectory = scoped_trajectory(request, pk)
    return object_action(
        request,
        form_class(request.POST or None, trajectory=trajectory),
        lambda data: perform(trajectory, data),
        client=trajectory.client,
        title=title,
        done=reverse("trajectories:trajectory_detail", kwargs={"pk": trajectory.pk}),
        template="trajectories/trajectory_action.html",
        log_shown=log_form_shown,
        obj=trajectory,
        context={"trajectory": trajectory},
    )


@permission_required("trajectories.change_trajectory", raise_exception=True)
@require_http_methods(["GET", "POST"])
def trajectory_start(request, pk: int):
    def perform(trajectory, data):
        services.start_trajectory(
            trajectory=trajectory, on=data["on"], by=request.user, version=data["version"]
        )
        return _("Het traject is gestart.")

    return _trajectory_action(request, pk, TrajectoryStartForm, perform, title=_("Traject starten"))


@permission_required("trajectories.change_trajectory", raise_exception=True)
@require_http_methods(["GET", "POST"])
def trajectory_end(request, pk: int):
    def perform(trajectory, data):
        ended = services.request_end(
            trajectory=trajectory,
            on=data["on"],
            outcome=data["outcome"],
            by=request.user,
            version=data["version"],
        )
        if ended is None:
            return _(
                "De participatiebaan eindigt eerder dan gepland: dat ligt ter goedkeuring bij een "
                "teamleider en gaat pas in na goedkeuring."
            )
        return _("Het traject is %(status)s met resultaat %(outcome)s.") % {
            "status": ended.get_status_display().lower(),
            "outcome": ended.get_outcome_display().lower(),
        }

    return _trajectory_action(
        request, pk, TrajectoryEndForm, perform, title=_("Traject beëindigen")
    )


@permission_required("trajectories.change_trajectory", raise_exception=True)
@require_http_methods(["GET", "POST"])
def trajectory_cancel(request, pk: int):
    def perform(trajectory, data):
        services.cancel_trajectory(trajectory=trajectory, by=request.user, version=data["version"])
        return _("De aanvraag is ingetrokken.")

    return _trajectory_action(
        request, pk, TrajectoryCancelForm, perform, title=_("Aanvraag intrekken")
    )


@permission_required("trajectories.change_trajectory", raise_exception=True)
@require_http_methods(["GET", "POST"])
def trajectory_extend(request, pk: int):
    def perform(trajectory, data):
        extended = services.request_extension(
            trajectory=trajectory, by=request.user, version=data["version"]
        )
        if extended is None:
            return _(
                "Deze verlenging gaat voorbij de maximale duur: ze ligt ter goedkeuring bij een "
                "teamleider en gaat pas in na goedkeuring."
            )
        return _("Het traject is verlengd tot en met %(end)s.") % {
            "end": extended.planned_end.strftime("%d-%m-%Y")
        }

    return _trajectory_action(
        request, pk, TrajectoryExtendForm, perform, title=_("Traject verlengen")
    )


@permission_required("trajectories.change_premiumpayment", raise_exception=True)
@require_POST
def premiums_record(request, pk: int):
    trajectory = scoped_trajectory(request, pk)
    added = premiums.record_due_premiums(trajectory=trajectory)
    messages.success(
        request,
        ngettext(
            "%(count)s premie vastgelegd als verschuldigd.",
            "%(count)s premies vastgelegd als verschuldigd.",
            added,
        )
        % {"count": added}
        if added
        else _("Er waren geen nieuwe premies verschuldigd."),
    )
    return redirect("trajectories:trajectory_detail", pk=trajectory.pk)


@permission_required("trajectories.change_premiumpayment", raise_exception=True)
@require_http_methods(["GET", "POST"])
def premium_pay(request, pk: int, premium_pk: int):
    trajectory = scoped_trajectory(request, pk)
    payment = get_object_or_404(PremiumPayment.objects.filter(trajectory=trajectory), pk=premium_pk)
    form = PremiumPayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            premiums.pay_premium(
                payment=payment, paid_on=form.cleaned_data["paid_on"], by=request.user
            )
        except ValidationError as error:
            form_errors_to_messages(form, error)
        else:
            messages.success(request, _("De betaling van de premie is vastgelegd."))
            return redirect("trajectories:trajectory_detail", pk=trajectory.pk)
    log_form_shown(request, trajectory.client, _("Premie betalen"), obj=payment)
    return render(
        request,
        "trajectories/trajectory_action.html",
        {
            "form": form,
            "trajectory": trajectory,
            "object": payment,
            "title": _("Premie betalen"),
        },
    )


@permission_required("trajectories.view_trajectory", raise_exception=True)
def trajectory_mine(request):
    """The consulent's running trajectories, the soonest planned end first."""
    trajectories = (
        Trajectory.objects.for_user(request.user)
        .running()
        .filter(consulent=request.user)
        .for_list()
        .prefetch_related("type__rules")
        .order_by("planned_end", "pk")
    )
    page = CappedPaginator(trajectories, PAGE_SIZE).get_page(request.GET.get("pagina"))
    log_page(
        user=request.user,
        page=page,
        detail=_("Mijn trajecten"),
        client_id=lambda trajectory: trajectory.client_id,
    )
    return render(
        request,
        "trajectories/trajectory_mine.html",
        {"page": page, "today": timezone.localdate()},
    )


@permission_required("trajectories.view_provider", raise_exception=True)
def provider_list(request):
    """Providers with the number of running trajectories in the user's municipalities."""
    municipalities = Municipality.objects.for_user(request.user)
    providers = Provider.objects.annotate(
        running=Count(
            "trajectories",
            filter=Q(
                trajectories__status=Status.RUNNING,
                trajectories__client__municipality__in=municipalities,
            ),
        )
    ).order_by("name")
    return render(request, "trajectories/provider_list.html", {"providers": providers})


@permission_required("trajectories.view_trajectory", raise_exception=True)
def provider_trajectories(request, pk: int):
    provider = get_object_or_404(Provider, pk=pk)
    params = request.GET.copy()
    params.setdefault("status", Status.RUNNING)  # running ones first, also when paging
    form = ProviderFilterForm(params)
    trajectories = (
        Trajectory.objects.for_user(request.user)
        .filter(provider=provider)
        .for_list()
        .order_by("-planned_start", "-pk")
    )
    if form.is_valid() and form.cleaned_data["status"]:
        trajectories = trajectories.filter(status=form.cleaned_data["status"])
    page = CappedPaginator(trajectories, PAGE_SIZE).get_page(request.GET.get("pagina"))
    log_page(
        user=request.user,
        page=page,
        detail=_("Trajecten bij aanbieder %(provider)s") % {"provider": provider},
        client_id=lambda trajectory: trajectory.client_id,
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    if "status" not in query:
        query["status"] = Status.RUNNING
    return render(
        request,
        "trajectories/provider_trajectories.html",
        {
            "provider": provider,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_view_clients": request.user.has_perm("clients.view_client"),
        },
    )


def capacity(request):
    """For managers: places per type and municipality this year, used and free."""
    if not request.user.has_role(MANAGER):
        raise Http404
    today = timezone.localdate()
    rows = capacity_overview(municipalities=Municipality.objects.for_user(request.user), day=today)
    return render(request, "trajectories/capacity.html", {"rows": rows, "year": today.year})
