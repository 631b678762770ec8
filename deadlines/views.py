"""Vandaag (the consulent's signals) and the managers' counts per consulent and kind."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from agenda.queries import upcoming_appointments
from approvals.queries import waiting_for
from clients.access import log_access, log_listed
from clients.models import AccessAction, Client, ProcessingActivity
from core.formatting import day
from core.redirects import safe_next
from core.views import form_errors_to_messages
from deadlines import clock
from deadlines.conf import periods
from deadlines.forms import PostponeForm, TeamForm
from deadlines.models import Postponement
from deadlines.queries import KINDS, OVERVIEW_LIMIT, counts_by_consulent, signal_groups
from deadlines.registry import Signal, get_kind
from deadlines.services import postpone_limit, postpone_signal
from organisations.models import Municipality, User, Vervanging
from organisations.roles import CONSULENT, MANAGER

TEAM_PAGE_SIZE = 10  # a team at a time: the counts cost the same on any page
UNASSIGNED = "geen"
POSTPONED_LIMIT = 50  # put-off signals listed on Vandaag, the soonest back first


def _shown(groups) -> list[int]:
    """The clients on a list of signals: the ones whose name the page shows."""
    return [signal.client_id for group in groups for signal in group.signals]


@permission_required("clients.view_client", raise_exception=True)
def today_view(request):
    """The consulent's start page: the signals of their own clients, overdue first; the first
    of each kind, or all of one kind (?soort=)."""
    today = clock.today()
    # Own clients, and during a vervanging those of the absent consulent (issue 19).
    clients = Client.objects.for_user(request.user).caseload_of(request.user, today)
    only = get_kind(request.GET.get("soort", "")) if request.GET.get("soort") else None
    if request.GET.get("soort") and only is None:
        raise Http404
    if only:
        groups = signal_groups(clients, today, only=only)
    else:
        groups = signal_groups(clients, today, limit=OVERVIEW_LIMIT)
    upcoming = [] if only else list(upcoming_appointments(request.user, today))
    # What was put off and comes back later: one query, the caseload as a subquery.
    postponed = (
        []
        if only
        else list(
            Postponement.objects.in_force(today)
            .filter(client__in=clients.values("pk"))
            .select_related("client")
            .order_by("until", "pk")[:POSTPONED_LIMIT]
        )
    )
    shown = sorted(
        {*_shown(groups), *(a.client_id for a in upcoming), *(p.client_id for p in postponed)}
    )
    log_listed(user=request.user, client_ids=shown, detail=_("Vandaag"))
    settings = periods()
    return render(
        request,
        "deadlines/today.html",
        {
            "today": today,
            "only": only,
            "groups": groups,
            "total": sum(group.count for group in groups),
            "overdue": sum(group.overdue for group in groups),
            "lookahead": settings.lookahead_days,
            "periods": settings,
            "upcoming": upcoming,
            "postponed": postponed,
            "postponed_limit": POSTPONED_LIMIT,
            "approvals": waiting_for(request.user),  # the teamleider's vier-ogen
            "vervangingen": list(
                Vervanging.objects.running_on(today)
                .filter(substitute=request.user)
                .select_related("absent")
            ),
        },
    )


def _manager_municipality(request) -> tuple[TeamForm, Municipality | None]:
    if not request.user.has_role(MANAGER):
        raise Http404
    form = TeamForm(request.GET or None, user=request.user)
    municipality = None
    if form.is_valid():
        municipality = form.cleaned_data["gemeente"]
    elif form.is_bound:
        raise Http404  # a municipality outside the user's scope
    if municipality is None:
        municipality = Municipality.objects.for_user(request.user).first()
    return form, municipality


def team(request):
    """For managers: signal counts per consulent and kind in one municipality of their scope;
    a page of consulenten at a time, so the counts cost the same in any municipality."""
    form, municipality = _manager_municipality(request)
    today = clock.today()
    rows, totals, page = [], [0] * len(KINDS), None
    if municipality is not None:
        consulenten = User.objects.filter(
            organisation_id=request.user.organisation_id,
            groups__name=CONSULENT,
            municipalities=municipality,
        ).order_by("last_name", "first_name", "pk")
        page = Paginator(consulenten, TEAM_PAGE_SIZE).get_page(request.GET.get("pagina"))
        people = list(page.object_list)
        mine = Q(consulent__in=[person.pk for person in people])
        if page.number == 1:
            mine |= Q(consulent__isnull=True)  # clients nobody looks after, on the first page
        clients = Client.objects.for_user(request.user).filter(mine, municipality=municipality)
        counts = counts_by_consulent(clients, today)
        entries = [(person, person.pk) for person in people]
        if any(key[0] is None for key in counts):
            entries.append((None, UNASSIGNED))
        for person, key in entries:
            cells = [counts.get((person.pk if person else None, kind.code), 0) for kind in KINDS]
            rows.append(
                {
                    "consulent": person,
                    "key": key,
                    "cells": list(zip(KINDS, cells, strict=True)),
                    "total": sum(cells),
                }
            )
            totals = [total + cell for total, cell in zip(totals, cells, strict=True)]
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "deadlines/team.html",
        {
            "form": form,
            "municipality": municipality,
            "kinds": KINDS,
            "rows": rows,
            "totals": totals,
            "total": sum(totals),
            "page": page,
            "query": query.urlencode(),
            "today": today,
            "can_drill": request.user.has_perm("clients.view_client"),
        },
    )


def team_signals(request):
    """Drill-down: the signals behind one count, for managers who may see clients."""
    _form, municipality = _manager_municipality(request)
    if not request.user.has_perm("clients.view_client") or municipality is None:
        raise Http404
    kind = get_kind(request.GET.get("soort", ""))
    if kind is None:
        raise Http404
    clients = Client.objects.for_user(request.user).filter(municipality=municipality)
    key = request.GET.get("consulent", "")
    if key == UNASSIGNED:
        consulent = None
        clients = clients.filter(consulent__isnull=True)
    elif key.isdigit():
        consulent = get_object_or_404(
            User.objects.filter(organisation_id=request.user.organisation_id), pk=int(key)
        )
        clients = clients.filter(consulent=consulent)
    else:
        raise Http404
    today = clock.today()
    groups = signal_groups(clients, today, only=kind)
    log_listed(
        user=request.user,
        client_ids=_shown(groups),
        detail=_("Signalen: %(kind)s") % {"kind": kind.label},
        activity=ProcessingActivity.MANAGEMENT,
    )
    return render(
        request,
        "deadlines/team_signals.html",
        {
            "kind": kind,
            "group": groups[0] if groups else None,
            "municipality": municipality,
            "consulent": consulent,
            "consulent_label": str(consulent) if consulent else _("niet toegewezen"),
            "today": today,
            "back": f"?gemeente={municipality.pk}",
        },
    )


def _signal_of(client: Client, kind, object_id: int | None, today) -> Signal | None:
    """The client's signal of `kind` about `object_id`, as Vandaag shows it today (none when it is
    done or already put off)."""
    groups = signal_groups(Client.objects.filter(pk=client.pk), today, only=kind)
    signals = groups[0].signals if groups else []
    return next((s for s in signals if s.object_id == object_id), None)


@permission_required("clients.view_client", raise_exception=True)
@require_http_methods(["GET", "POST"])
def signal_postpone(request, pk: int):
    """Put one signal of one's own client off until a date, with a reason; back to the same
    kind on Vandaag (or the ?next= it came from) afterwards."""
    today = clock.today()
    client = get_object_or_404(
        Client.objects.for_user(request.user).caseload_of(request.user, today), pk=pk
    )
    kind = get_kind(request.GET.get("soort", ""))
    raw_object = request.GET.get("object", "")
    if kind is None or not (raw_object == "" or raw_object.isdigit()):
        raise Http404
    object_id = int(raw_object) if raw_object else None
    back = safe_next(request) or f"{reverse('deadlines:today')}#soort-{kind.code}"
    signal = _signal_of(client, kind, object_id, today)
    if signal is None:
        if request.method == "POST":  # done, or put off, since the page was opened
            messages.info(request, _("Dit signaal staat niet meer op Vandaag."))
            return redirect(back)
        raise Http404
    form = PostponeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            postponement = postpone_signal(
                signal=signal, today=today, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors_to_messages(form, error)
        else:
            messages.success(
                request,
                _("Signaal “%(kind)s” bij %(client)s uitgesteld tot %(day)s.")
                % {"kind": kind.label, "client": client, "day": day(postponement.until)},
            )
            return redirect(back)
    log_access(
        user=request.user,
        client=client,
        action=AccessAction.VIEW,
        detail=_("Signaal uitstellen: %(kind)s") % {"kind": kind.label},
    )
    return render(
        request,
        "deadlines/signal_postpone.html",
        {
            "client": client,
            "signal": signal,
            "form": form,
            "back": back,
            "limit": postpone_limit(today),
            "today": today,
        },
    )
