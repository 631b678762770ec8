"""The teamleider's handover page: consulenten with caseload size and open signals, one
consulent's clients to choose from, and the handover itself."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clients.access import log_listed
from clients.models import Client
from core.views import form_errors_to_messages
from deadlines import clock
from deadlines.queries import load_per_consulent
from handover.forms import HandoverForm, VervangingForm
from handover.services import hand_over, start_vervanging
from organisations.models import Municipality, User, Vervanging
from organisations.roles import CONSULENT

PAGE_SIZE = 10  # consulenten per page: the signal counts cost the same in any municipality
CHOOSE_LIMIT = 1_000  # clients listed to choose from; beyond it, the whole caseload


@permission_required(["clients.reassign_consulent", "clients.view_client"], raise_exception=True)
@require_http_methods(["GET", "POST"])
def handover_create(request):
    municipalities = Municipality.objects.for_user(request.user).order_by("name")
    municipality = municipalities.first()
    if request.GET.get("gemeente"):
        municipality = get_object_or_404(municipalities, pk=request.GET.get("gemeente"))
    if municipality is None:
        raise Http404
    consulenten = User.objects.filter(
        organisation_id=request.user.organisation_id,
        groups__name=CONSULENT,
        municipalities=municipality,
    ).order_by("last_name", "first_name", "pk")
    page = Paginator(consulenten, PAGE_SIZE).get_page(request.GET.get("pagina"))
    people = list(page.object_list)
    scope = Client.objects.for_user(request.user).filter(municipality=municipality)
    sizes, signals = load_per_consulent(scope.filter(consulent__in=people), clock.today())
    rows = [
        {"consulent": p, "size": sizes.get(p.pk, 0), "signals": signals.get(p.pk, 0)}
        for p in people
    ]

    source = None
    if request.GET.get("van"):
        source = get_object_or_404(consulenten, pk=request.GET.get("van"))
    form, shown = None, []
    if source is not None:
        mine = scope.filter(consulent=source).order_by("last_name_lower", "first_names", "pk")
        shown = list(mine[:CHOOSE_LIMIT])
        form = HandoverForm(
            request.POST or None,
            municipality=municipality,
            organisation_id=request.user.organisation_id,
            client_choices=[(c.pk, str(c)) for c in shown],
            exclude=source.pk,
        )
        if request.method == "POST" and form.is_valid():
            try:
                handover = hand_over(
                    municipality=municipality,
                    from_consulent=source,
                    to=form.cleaned_data["to"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                    client_ids=None if form.cleaned_data["whole"] else form.cleaned_data["clients"],
                )
            except ValidationError as error:
                form_errors_to_messages(form, error)
            else:
                messages.success(
                    request,
                    _("%(count)s cliënt(en) overgedragen aan %(name)s.")
                    % {"count": handover.clients.count(), "name": handover.to_consulent},
                )
                return redirect(f"{request.path}?gemeente={municipality.pk}")
        log_listed(user=request.user, client_ids=[c.pk for c in shown], detail=_("Overdracht"))
    return render(
        request,
        "handover/handover_create.html",
        {
            "municipalities": municipalities,
            "municipality": municipality,
            "rows": rows,
            "page": page,
            "source": source,
            "form": form,
            "shown": shown,
            "more": source is not None and len(shown) >= CHOOSE_LIMIT,
        },
    )


@permission_required(["clients.reassign_consulent", "clients.view_client"], raise_exception=True)
@require_http_methods(["GET", "POST"])
def vervanging_create(request):
    form = VervangingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            vervanging = start_vervanging(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            form_errors_to_messages(form, error)
        else:
            messages.success(request, _("Vastgelegd: %(v)s.") % {"v": vervanging})
            return redirect("handover:vervanging_create")
    mine = User.objects.filter(
        organisation_id=request.user.organisation_id,
        municipalities__in=request.user.scoped_municipalities(),
    )
    current = (
        Vervanging.objects.filter(absent__in=mine, end__gte=clock.today())
        .select_related("absent", "substitute", "created_by")
        .distinct()
        .order_by("start")
    )
    return render(
        request, "handover/vervanging_create.html", {"form": form, "current": list(current)}
    )
