"""The teamleider's start page (organisations.start): their team with caseload sizes and open
signals per consulent, and the vier-ogen requests that wait for them, with how long. A fixed
number of queries whatever the size of the team (pinned in organisations/tests/test_home.py)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import ApprovalRequest
from approvals.queries import waiting_for
from clients.access import log_listed
from clients.models import Client
from deadlines import clock
from deadlines.queries import load_per_consulent
from organisations.models import Municipality, User
from organisations.roles import CONSULENT
from organisations.start import StartPage, is_teamleider

TEAM_LIMIT = 10  # consulenten on the start page, as a page of "Signalen per consulent" (cost)
REQUESTS_LIMIT = 10  # waiting requests listed, the longest waiting first


def _team(user, municipalities: list[Municipality]) -> tuple[list[dict], bool]:
    """The consulenten of the user's municipalities, each with the municipalities they share
    with the user, their number of clients there and their open signals."""
    people = list(
        User.objects.filter(
            organisation_id=user.organisation_id,
            groups__name=CONSULENT,
            municipalities__in=municipalities,
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")[: TEAM_LIMIT + 1]
    )
    more = len(people) > TEAM_LIMIT
    people = people[:TEAM_LIMIT]
    if not people:
        return [], more
    by_pk = {m.pk: m for m in municipalities}
    shared: dict[int, list[Municipality]] = {}
    links = User.municipalities.through.objects.filter(
        user_id__in=[p.pk for p in people], municipality_id__in=list(by_pk)
    ).order_by("municipality__name")
    for user_id, municipality_id in links.values_list("user_id", "municipality_id"):
        shared.setdefault(user_id, []).append(by_pk[municipality_id])
    clients = Client.objects.for_user(user).filter(consulent__in=people)
    sizes, signals = load_per_consulent(clients, clock.today())
    rows = [
        {
            "consulent": person,
            "municipalities": shared.get(person.pk, []),
            "size": sizes.get(person.pk, 0),
            "signals": signals.get(person.pk, 0),
        }
        for person in people
    ]
    return rows, more


def teamleider_start(request):
    user = request.user
    municipalities = list(Municipality.objects.for_user(user).order_by("name"))
    team, more = _team(user, municipalities)
    waiting = waiting_for(user)
    requests = list(
        ApprovalRequest.objects.for_user(user)
        .waiting()
        .select_related("client", "requested_by")
        .order_by("requested_at", "pk")[:REQUESTS_LIMIT]
    )
    now = timezone.now()
    for item in requests:
        item.waited_days = (now - item.requested_at).days
        item.own = item.requested_by_id == user.pk
    log_listed(
        user=user,
        client_ids=[item.client_id for item in requests],
        detail=_("Startpagina teamleider: verzoeken ter goedkeuring"),
    )
    return render(
        request,
        "organisations/home_teamleider.html",
        {
            "municipalities": municipalities,
            "team": team,
            "more": more,
            "team_limit": TEAM_LIMIT,
            "waiting": waiting,
            "requests": requests,
            "is_consulent": user.has_role(CONSULENT),
            "today": clock.today(),
        },
    )


TEAMLEIDER_START = StartPage("teamleider", is_teamleider, teamleider_start, order=10)
