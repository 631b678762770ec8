"""Issue 16, item 4 (the case screens): every response that shows a client writes the access log.

The world of tests/test_authorisation_matrix.py (one client of every kind of object, all with id
N, in Geheimstad) gets a second client of the same consulent with a signal of its own, so that
lists show two. Every URL of the URLconf outside /admin/ (the admin has its own test) is then
opened by the owner, who has every role: GET, and for a page that shows a client also an empty
POST, which brings a form back with its errors. A response of 200 whose body contains a
client's unique last name or BSN must have written an access-log row for that client in that
request; the rows are told apart by their id, which grows.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from categorisation.models import Category
from categorisation.services import assess_client
from clients.models import AccessLog, Client
from deadlines.registry import KINDS
from tests.factories import BenefitPeriodFactory, ClientFactory
from tests.test_authorisation_matrix import (
    REPORT_MONTH,
    N,
    _object_urls,
    world,  # noqa: F401 - the fixture, used by name
)
from tests.urlconf import walk

pytestmark = pytest.mark.django_db

SECOND_NAME = "Tweedepersoon"
# Never requested: they log out, or answer only to a POST that is not a form (they redirect).
SKIP = {"logout", "login", "admin:login"}


@pytest.fixture
def two_clients(request):
    owner = request.getfixturevalue("world")["owner"]
    person = Client.objects.get(pk=N)
    second = ClientFactory(municipality=person.municipality, last_name=SECOND_NAME, consulent=owner)
    start = REPORT_MONTH.replace(day=1) - timedelta(days=400)
    BenefitPeriodFactory(client=second, start=start)
    assess_client(client=second, day=start, estimated_months=30, reason="", by=owner,
                  category=Category.objects.get(organisation__isnull=True, code="2A"))  # fmt: skip
    return owner, [person, second]


def _paths() -> list[tuple[str, str]]:
    """Every URL outside the admin, with the world's ids, and the query strings of the lists
    that need one: each kind of signal, and the clients behind a distribution figure."""
    paths = [(name, path) for name, path in _object_urls() if not name.startswith("admin:")]
    for name, route in walk():
        if "<" not in route and "(?P" not in route and not name.startswith("admin:"):
            paths.append((name, "/" + route))
    for kind in KINDS:
        paths.append(("deadlines:today", f"/vandaag/?soort={kind.code}"))
        paths.append(
            (
                "deadlines:team_signals",
                f"/signalen/lijst/?gemeente={N}&consulent={N}&soort={kind.code}",
            )
        )
    paths.append(("categorisation:distribution_clients", f"/categorisatie/verdeling/clienten/?gemeente={N}&categorie=2A"))  # fmt: skip
    return [(name, path) for name, path in paths if name not in SKIP]


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _shown(body: str, clients: list[Client]) -> list[Client]:
    return [
        person
        for person in clients
        if re.search(rf"\b{re.escape(person.last_name)}\b", body) or person.bsn in body
    ]


def _unlogged(django_client, method: str, name: str, path: str, clients: list[Client]):
    """(what the response showed, the clients it showed without an access-log row)."""
    last = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = getattr(django_client, method)(path)
    if response.status_code != 200:
        return [], []
    shown = _shown(_body(response), clients)
    logged = set(
        AccessLog.objects.filter(pk__gt=last).values_list("client_id", flat=True).distinct()
    )
    return shown, [person for person in shown if person.pk not in logged]


def test_every_response_that_shows_a_client_writes_the_access_log(client, two_clients):
    owner, clients = two_clients
    client.force_login(owner)
    wrong, showing, posted = [], set(), 0
    for name, path in _paths():
        shown, unlogged = _unlogged(client, "get", name, path, clients)
        if shown:
            showing.add(name)
        wrong += [f"GET {name} {path}: {person.last_name} shown, not logged" for person in unlogged]
        if shown:  # the same page posted empty: a form back with its errors
            posted += 1
            _shown_again, unlogged = _unlogged(client, "post", name, path, clients)
            wrong += [
                f"POST {name} {path}: {person.last_name} shown, not logged" for person in unlogged
            ]
    assert not wrong, "\n".join(wrong)
    # The walk means something only when the pages that list or show clients were reached.
    expected = {
        "clients:client_detail",
        "clients:client_update",
        "clients:client_reassign",
        "clients:client_list",
        "clients:contactnote_create",
        "deadlines:today",
        "deadlines:team_signals",
        "plans:plan_list",
        "plans:plan_detail",
        "plans:action_create",
        "trajectories:trajectory_create",
        "trajectories:trajectory_start",
        "categorisation:assessment_create",
        "categorisation:distribution_clients",
        "reporting:report_clients",
    }
    assert expected <= showing, sorted(expected - showing)
    assert len(showing) >= 30, sorted(showing)
    assert posted >= 40


def test_a_list_writes_one_row_per_client_shown(client, two_clients):
    """Vandaag lists both clients of the consulent: a row for each, in one request."""
    owner, clients = two_clients
    client.force_login(owner)
    last = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.get("/vandaag/")
    body = response.content.decode()
    assert all(person.last_name in body for person in clients)
    rows = AccessLog.objects.filter(pk__gt=last)
    assert sorted(rows.values_list("client_id", flat=True)) == sorted(p.pk for p in clients)
    assert set(rows.values_list("detail", flat=True)) == {"Vandaag"}


def test_the_detection_fails_on_a_page_that_shows_a_client_unlogged(client, two_clients):
    """The check itself: a page showing a name without a row is caught."""
    owner, clients = two_clients
    client.force_login(owner)
    # /health/ shows no client and writes no row: nothing to report.
    assert _unlogged(client, "get", "health", "/health/", clients) == ([], [])
    body = f"<p>{clients[1].last_name}</p>"
    assert _shown(body, clients) == [clients[1]]
    assert _shown(f"<p>{clients[0].bsn}</p>", clients) == [clients[0]]
