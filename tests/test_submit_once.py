"""Issue 16, item 10: one submit, one record. A create form carries a one-time token; posting it
twice (a double click, a reload) saves once and sends the second post where the first went."""

from __future__ import annotations

import re
import threading
from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client as DjangoClient
from django.urls import reverse
from django.utils import timezone

from budgets.realisation import realisation
from budgets.tables import budget_table
from budgets.tests.conftest import make_key, make_year
from clients.models import Client, ContactNote, FormSubmission, Ontheffing
from clients.once import TOKEN_FIELD
from plans.models import Plan
from tests.factories import ClientFactory
from trajectories.models import Trajectory, TrajectoryType
from trajectories.tests.helpers import provider

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
ALREADY = "Dit formulier was al verstuurd; het is één keer opgeslagen."


def token_of(response) -> str:
    """The hidden one-time token of the form on the page."""
    assert response.status_code == 200
    found = re.search(rf'name="{TOKEN_FIELD}" value="([0-9a-f-]{{36}})"', response.content.decode())
    assert found, "the form carries no one-time token"
    return found.group(1)


def post_twice(django_client, url: str, data: dict):
    data = {**data, TOKEN_FIELD: token_of(django_client.get(url))}
    first = django_client.post(url, data)
    second = django_client.post(url, data)
    return first, second


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def person(consulent, wassenaar):
    return ClientFactory(municipality=wassenaar, consulent=consulent)


def test_a_contact_note_posted_twice_is_saved_once(consulent_client, person):
    url = reverse("clients:contactnote_create", args=[person.pk])
    data = {"date": TODAY.isoformat(), "kind": "telefoon", "text": "Gebeld over de cursus"}
    first, second = post_twice(consulent_client, url, data)
    assert ContactNote.objects.filter(client=person).count() == 1
    file = reverse("clients:client_detail", args=[person.pk])
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == file
    assert ALREADY in texts(second)


def test_a_new_form_gets_a_new_token_and_saves_again(consulent_client, person):
    url = reverse("clients:contactnote_create", args=[person.pk])
    data = {"date": TODAY.isoformat(), "kind": "telefoon", "text": "Gebeld"}
    for _ in range(2):
        consulent_client.post(url, {**data, TOKEN_FIELD: token_of(consulent_client.get(url))})
    assert ContactNote.objects.filter(client=person).count() == 2


def test_a_refused_post_frees_its_token(consulent_client, person):
    """A post that comes back with errors saved nothing: corrected, the same form saves."""
    url = reverse("clients:ontheffing_create", args=[person.pk])
    token = token_of(consulent_client.get(url))
    data = {"reason": "medisch", "start": "2025-03-01", "end": "2025-01-01", TOKEN_FIELD: token}
    refused = consulent_client.post(url, data)
    assert refused.status_code == 200
    assert f'value="{token}"' in refused.content.decode()  # the form keeps its token
    saved = consulent_client.post(url, {**data, "end": "2025-06-30"})
    assert saved.status_code == 302
    assert Ontheffing.objects.filter(client=person).count() == 1


def test_a_trajectory_requested_twice_is_one_trajectory_and_its_cost_counts_once(
    consulent_client, person, organisation, lv, wassenaar, voorschoten
):
    key = make_key(organisation, [(lv, "74"), (wassenaar, "14"), (voorschoten, "12")])
    year = make_year(organisation, key, TODAY.year, [("Trajecten", "incidenteel", "50000")])
    line = year.lines.get()
    url = reverse("trajectories:trajectory_create", args=[person.pk])
    data = {
        "kind": TrajectoryType.objects.get(code="participatiebaan").pk,
        "provider": provider("Eigen werkcoaches").pk,
        "municipality": wassenaar.pk,
        "planned_start": date(TODAY.year, 3, 1).isoformat(),
        "planned_end": date(TODAY.year, 3, 31).isoformat(),
        "cost": "1000.00",
        "budget_line": line.pk,
    }
    first, second = post_twice(consulent_client, url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Trajectory.objects.filter(client=person).count() == 1
    table = budget_table(budget_year=year, scope={wassenaar.pk})
    # Before the planned start nothing is spent: the whole cost is committed, once.
    cell = realisation(table=table, day=date(TODAY.year, 2, 1)).lines[0][1][wassenaar.pk]
    assert (cell.spent, cell.committed) == (0, 100_000)
    assert ALREADY in texts(second)


def test_registering_a_client_twice_makes_one_client(client, consulent, wassenaar):
    client.force_login(consulent)
    url = reverse("clients:client_create")
    data = {
        "bsn": "123456782",
        "first_names": "Piet",
        "last_name": "Dubbelklik",
        "date_of_birth": "1990-01-01",
        "municipality": wassenaar.pk,
        "household": "alleenstaand",
        "language_level": "onbekend",
        "taaleis_status": "niet_beoordeeld",
        "benefit_start": TODAY.isoformat(),
    }
    first, second = post_twice(client, url, data)
    assert first.status_code == 302, first.content.decode()[:3000]
    registered = Client.objects.get(last_name="Dubbelklik")
    assert second["Location"] == first["Location"] == f"/clienten/{registered.pk}/"
    assert ALREADY in texts(second)


def test_a_new_plan_confirmed_twice_is_one_version(consulent_client, person):
    url = reverse("plans:plan_create", args=[person.pk])
    first, second = post_twice(consulent_client, url, {})
    assert Plan.objects.filter(client=person).count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.django_db(transaction=True)
def test_two_posts_at_the_same_moment_save_once(consulent, wassenaar):
    """Two requests with the same token in two connections: the unique constraint lets the second
    wait for the first and then find the token taken."""
    person = ClientFactory(municipality=wassenaar, consulent=consulent)
    url = reverse("clients:contactnote_create", args=[person.pk])
    browsers = [DjangoClient(), DjangoClient()]
    for browser in browsers:
        browser.force_login(consulent)
    data = {"date": TODAY.isoformat(), "kind": "telefoon", "text": "Gelijktijdig",
            TOKEN_FIELD: token_of(browsers[0].get(url))}  # fmt: skip
    barrier, answers = threading.Barrier(2), []

    def post(browser):
        try:
            barrier.wait()
            answers.append(browser.post(url, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=[browser]) for browser in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [302, 302]
    assert ContactNote.objects.filter(client=person).count() == 1
    assert FormSubmission.objects.filter(user=consulent).count() == 1


def test_a_post_without_a_token_is_saved_as_before(consulent_client, person):
    url = reverse("clients:contactnote_create", args=[person.pk])
    data = {"date": TODAY.isoformat(), "kind": "telefoon", "text": "Zonder token"}
    consulent_client.post(url, data)
    consulent_client.post(url, data)
    assert ContactNote.objects.filter(client=person).count() == 2
