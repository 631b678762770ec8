"""The screens: a plan drawn up and established in the browser, refusals on the form, scoping,
the section on the client file with a constant query count, and the logged print page."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients.models import AccessAction, AccessLog
from plans import services
from plans.models import Plan
from plans.tests.helpers import categorise, established
from tests.factories import ClientFactory
from trajectories.tests.helpers import plan as plan_trajectory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("plans.tests.urls")]

TODAY = timezone.localdate()


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_a_consulent_draws_up_and_establishes_a_plan(consulent_client, consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar, consulent=consulent)
    categorise(client, "1B", TODAY - timedelta(days=30), consulent)
    html = page(consulent_client.get(reverse("clients:client_detail", args=[client.pk])))
    assert "Geen actueel plan van aanpak" in html
    assert "Nieuw plan" in html

    response = consulent_client.post(
        reverse("plans:plan_create", args=[client.pk]), {}, follow=True
    )
    assert "Versie 1 is opgesteld als concept." in page(response)
    plan = Plan.objects.get(client=client)
    trajectory = plan_trajectory(client, "jobcoach", TODAY, TODAY + timedelta(days=60), consulent)

    response = consulent_client.post(
        reverse("plans:goal_create", args=[plan.pk]),
        {"text": "Binnen een jaar werk in de logistiek", "trajectories": [trajectory.pk]},
        follow=True,
    )
    assert "Het doel is toegevoegd." in page(response)
    goal = plan.goals.get()
    action = {"description": "Heftruckcertificaat halen", "goal": goal.pk, "owner": "client"}
    response = consulent_client.post(
        reverse("plans:action_create", args=[plan.pk]),
        {**action, "due_date": (TODAY - timedelta(days=1)).isoformat()},
        follow=True,
    )
    assert "De uiterste datum van een nieuwe actie ligt in het verleden." in page(response)
    response = consulent_client.post(
        reverse("plans:action_create", args=[plan.pk]),
        {**action, "due_date": TODAY.isoformat()},
        follow=True,
    )
    assert "De actie is toegevoegd." in page(response)
    plan.actions.update(due_date=TODAY - timedelta(days=1))  # a day has passed
    html = page(consulent_client.get(reverse("plans:plan_detail", args=[plan.pk])))
    assert "over de datum" in html
    assert "Jobcoach" in html

    response = consulent_client.post(
        reverse("plans:plan_finalise", args=[plan.pk]),
        {
            "valid_from": TODAY.isoformat(),
            "agreed_by_client": "on",
            "agreed_on": TODAY.isoformat(),
        },
        follow=True,
    )
    assert f"Versie 1 is vastgesteld per {TODAY:%d-%m-%Y}." in page(response)
    action = plan.actions.get()
    response = consulent_client.post(
        reverse("plans:action_done", args=[plan.pk, action.pk]),
        {"done_on": TODAY.isoformat()},
        follow=True,
    )
    assert "De actie is afgevinkt." in page(response)
    html = page(consulent_client.get(reverse("clients:client_detail", args=[client.pk])))
    assert "Geen actueel plan van aanpak" not in html
    assert "Binnen een jaar werk in de logistiek" in html
    assert f"cliënt akkoord op {TODAY:%d-%m-%Y}" in html


def test_a_refusal_shows_its_message_in_the_page(consulent_client, consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    plan = services.create_plan(client=client, by=consulent)
    response = consulent_client.post(
        reverse("plans:plan_finalise", args=[plan.pk]),
        {"valid_from": (TODAY + timedelta(days=3)).isoformat()},
    )
    html = page(response)
    assert "Een plan van aanpak heeft minstens één doel." in html
    assert "De ingangsdatum kan niet in de toekomst liggen." in html
    plan.refresh_from_db()
    assert plan.is_concept

    response = consulent_client.post(
        reverse("plans:action_create", args=[plan.pk]),
        {"description": "Coaching", "owner": "anders", "due_date": TODAY.isoformat()},
    )
    assert "Vul in wie deze actie uitvoert." in page(response)
    assert not plan.actions.exists()


def test_another_clients_trajectory_is_not_offered(consulent_client, consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    other = ClientFactory(municipality=wassenaar)
    foreign = plan_trajectory(other, "jobcoach", TODAY, TODAY + timedelta(days=60), consulent)
    plan_trajectory(client, "scholing", TODAY, TODAY + timedelta(days=60), consulent)
    plan = services.create_plan(client=client, by=consulent)
    response = consulent_client.post(
        reverse("plans:goal_create", args=[plan.pk]),
        {"text": "Werk", "trajectories": [foreign.pk]},
    )
    assert "is geen beschikbare keuze" in page(response)
    assert not plan.goals.exists()


def test_a_plan_outside_the_users_municipalities_is_a_404(
    consulent_client, consulent_voorschoten, voorschoten
):
    client = ClientFactory(municipality=voorschoten)
    plan = established(client, consulent_voorschoten, TODAY)
    action = plan.actions.get()
    for url in [
        reverse("plans:plan_detail", args=[plan.pk]),
        reverse("plans:plan_print", args=[plan.pk]),
        reverse("plans:plan_finalise", args=[plan.pk]),
        reverse("plans:goal_create", args=[plan.pk]),
        reverse("plans:action_create", args=[plan.pk]),
        reverse("plans:action_done", args=[plan.pk, action.pk]),
        reverse("plans:plan_list", args=[client.pk]),
        reverse("plans:plan_create", args=[client.pk]),
    ]:
        assert consulent_client.get(url).status_code == 404, url
    assert consulent_client.post(reverse("plans:plan_create", args=[client.pk])).status_code == 404
    assert Plan.objects.filter(client=client).count() == 1


def test_a_manager_reads_but_does_not_change(client, manager, consulent, wassenaar):
    person = ClientFactory(municipality=wassenaar)
    plan = services.create_plan(client=person, by=consulent)
    client.force_login(manager)
    html = page(client.get(reverse("plans:plan_detail", args=[plan.pk])))
    assert "Doel toevoegen" not in html
    assert client.get(reverse("plans:goal_create", args=[plan.pk])).status_code == 403


def _file_queries(browser, client) -> int:
    with CaptureQueriesContext(connection) as queries:
        page(browser.get(reverse("clients:client_detail", args=[client.pk])))
    return len(queries)


def test_the_client_file_costs_as_many_queries_with_10_plans_as_with_1(
    consulent_client, consulent, wassenaar
):
    one = ClientFactory(municipality=wassenaar, consulent=consulent)
    many = ClientFactory(municipality=wassenaar, consulent=consulent)
    for person in (one, many):
        categorise(person, "1A", date(2024, 1, 1), consulent)
    established(one, consulent, date(2024, 1, 1))
    for number in range(10):
        established(
            many,
            consulent,
            date(2024, 1, 1) + timedelta(days=30 * number),
            goals=[f"Doel {number}"],
            actions=[f"Actie {number}"],
        )
    assert Plan.objects.filter(client=many).count() == 10
    _file_queries(consulent_client, one)  # warm up caches (session, content types)
    baseline = _file_queries(consulent_client, one)
    assert _file_queries(consulent_client, many) == baseline
    html = page(consulent_client.get(reverse("clients:client_detail", args=[many.pk])))
    assert "10 versies" in html
    assert "Doel 9" in html


def test_the_versions_stay_readable(consulent_client, consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    first = established(client, consulent, date(2024, 1, 1), goals=["Eerste doel"])
    established(client, consulent, date(2025, 1, 1), goals=["Tweede doel"])
    html = page(consulent_client.get(reverse("plans:plan_list", args=[client.pk])))
    assert "Versie 1" in html
    assert "Versie 2" in html
    html = page(consulent_client.get(reverse("plans:plan_detail", args=[first.pk])))
    assert "Eerste doel" in html
    assert "Tweede doel" not in html
    assert "Deze versie is vervangen door een nieuwere versie" in html


def test_the_print_page_shows_the_goals_and_is_logged(consulent_client, consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    plan = established(
        client, consulent, TODAY, goals=["Zelfstandig reizen naar werk"], agreed_on=TODAY
    )
    detail = page(consulent_client.get(reverse("plans:plan_detail", args=[plan.pk])))
    assert reverse("plans:plan_print", args=[plan.pk]) in detail
    html = page(consulent_client.get(reverse("plans:plan_print", args=[plan.pk])))
    assert "Zelfstandig reizen naar werk" in html
    # The print layout is a stylesheet (the CSP refuses inline <style>), for paper only.
    assert "<style" not in html
    assert '<link rel="stylesheet" href="/static/plans/print.css" media="print">' in html
    assert "display: none" in Path(finders.find("plans/print.css")).read_text()
    assert html.count("<h1") == 1
    assert AccessLog.objects.filter(
        client=client,
        user=consulent,
        action=AccessAction.VIEW,
        detail="Plan van aanpak versie 1 afgedrukt",
    ).exists()


def test_no_template_has_an_inline_style_block():
    """The policy's style-src is 'self': a <style> block would be ignored by the browser."""
    roots = [settings.BASE_DIR / "templates", *settings.BASE_DIR.glob("*/templates")]
    found = [str(p) for root in roots for p in root.rglob("*.html") if "<style" in p.read_text()]
    assert not found
