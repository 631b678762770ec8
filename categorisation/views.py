from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from categorisation import services
from categorisation.forms import AssessmentForm, DistributionForm, LadderStepForm
from categorisation.models import Category
from categorisation.queries import clients_in_category, clients_uncategorised, distribution
from clients.access import log_page
from clients.models import BenefitPeriod, Client, ProcessingActivity
from clients.views.actions import client_action
from clients.views.file import scoped_client
from core.downloads import csv_response
from core.pagination import client_page
from organisations.models import Municipality
from organisations.roles import MANAGER


@permission_required("categorisation.add_assessment", raise_exception=True)
@require_http_methods(["GET", "POST"])
def assessment_create(request, pk: int):
    client = scoped_client(request, pk)

    def perform(data):
        assessment = services.submit_assessment(
            client=client,
            day=data["date"],
            category=data["category"],
            estimated_months=data["estimated_months"],
            reason=data["reason"],
            by=request.user,
        )
        if assessment is None:
            return _(
                "Categorie %(code)s wisselt van eenheid: het besluit ligt ter goedkeuring bij een "
                "teamleider en gaat pas in na goedkeuring."
            ) % {"code": data["category"].code}
        return _("De beoordeling is vastgelegd: categorie %(code)s.") % {
            "code": data["category"].code
        }

    return client_action(
        request,
        client,
        AssessmentForm(request.POST or None, client=client),
        perform,
        title=_("Categoriseren"),
    )


@permission_required("categorisation.add_ladderstep", raise_exception=True)
@require_http_methods(["GET", "POST"])
def ladderstep_create(request, pk: int):
    client = scoped_client(request, pk)

    def perform(data):
        services.record_ladder_step(
            client=client,
            day=data["date"],
            trede=data["trede"],
            reason=data["reason"],
            by=request.user,
        )
        return _("De trede op de participatieladder is vastgelegd.")

    return client_action(
        request,
        client,
        LadderStepForm(request.POST or None),
        perform,
        title=_("Trede participatieladder"),
    )


def _distribution_request(request):
    if not request.user.has_role(MANAGER):
        raise Http404
    day, municipalities = timezone.localdate(), Municipality.objects.for_user(request.user)
    form = DistributionForm(request.GET or None, user=request.user, initial={"datum": day})
    if form.is_valid():
        day = form.cleaned_data["datum"] or day
        if form.cleaned_data["gemeente"]:
            municipalities = municipalities.filter(pk=form.cleaned_data["gemeente"].pk)
    return form, day, municipalities


def distribution_view(request):
    form, day, municipalities = _distribution_request(request)
    result = distribution(
        municipalities=municipalities, day=day, organisation_id=request.user.organisation_id
    )
    return render(
        request,
        "categorisation/distribution.html",
        {
            "form": form,
            "result": result,
            "can_drill": request.user.has_perm("clients.view_client"),
        },
    )


def distribution_csv(request):
    _form, day, municipalities = _distribution_request(request)
    result = distribution(
        municipalities=municipalities, day=day, organisation_id=request.user.organisation_id
    )
    rows = []
    for municipality in result.municipalities:
        kinds = [(category.pk, category.unit.name, category.code) for category in result.categories]
        for key, unit, label in [*kinds, (None, "", _("niet gecategoriseerd"))]:
            cell = result.rows.get(key, {}).get(municipality.pk)
            rows.append(
                [
                    day.isoformat(),
                    municipality.name,
                    unit,
                    label,
                    cell.count if cell else 0,
                    f"{cell.share if cell else 0:.1f}".replace(".", ","),
                ]
            )
    return csv_response(
        f"verdeling-categorieen-{day.isoformat()}.csv",
        [_("peildatum"), _("gemeente"), _("eenheid"), _("categorie"), _("aantal"), _("aandeel %")],
        rows,
    )


def distribution_clients(request):
    """Drill-down: the clients behind one cell, for users who may see clients."""
    form, day, _municipalities = _distribution_request(request)
    if not request.user.has_perm("clients.view_client") or not getattr(
        form, "cleaned_data", {}
    ).get("gemeente"):
        raise Http404
    municipality = form.cleaned_data["gemeente"]
    running = (
        BenefitPeriod.objects.filter(municipality=municipality).running_on(day).values("client_id")
    )
    clients = (
        Client.objects.for_user(request.user)
        .filter(pk__in=running)
        .select_related("municipality", "consulent")
    )
    code = request.GET.get("categorie", "")
    if code:
        category = get_object_or_404(
            Category.objects.for_organisation(request.user.organisation_id), code=code
        )
        clients = clients_in_category(clients, day, category=category)
        label = str(category)
    else:
        clients = clients_uncategorised(clients, day)
        label = _("Niet gecategoriseerd")
    page, query = client_page(request, clients)
    log_page(
        user=request.user,
        page=page,
        detail=_("Verdeling over categorieën: cliënten achter een cijfer"),
        activity=ProcessingActivity.MANAGEMENT,
    )
    return render(
        request,
        "categorisation/distribution_clients.html",
        {
            "page": page,
            "day": day,
            "municipality": municipality,
            "label": label,
            "query": query,
        },
    )
