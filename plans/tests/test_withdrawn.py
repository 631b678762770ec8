"""Intrekken on the plan page (issue 19): a goal or action withdrawn with a reason stays on the
plan, struck through with who, when and why, and no longer counts (open actions on the file, the
action signal); the printed plan leaves it out."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from deadlines.tests.helpers import on_benefit, signals
from plans.models import Action, Goal
from plans.tests.helpers import categorise, established

pytestmark = [pytest.mark.django_db, pytest.mark.urls("plans.tests.urls")]

TODAY = timezone.localdate()


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def plan(consulent, wassenaar):
    person = on_benefit(wassenaar, consulent=consulent)
    categorise(person, "1A", date(2024, 1, 1), consulent)
    return established(
        person,
        consulent,
        TODAY,
        goals=["Werk vinden in de zorg", "Verkeerd doel"],
        actions=["Drie sollicitaties per week", "Verkeerde actie"],
    )


def _withdraw(consulent_client, plan, entry, kind: str, reason: str):
    detail = reverse("plans:plan_detail", args=[plan.pk])
    page = html(consulent_client.get(detail))
    link = (
        reverse("clients:entry_withdraw", args=[plan.client_id, entry.pk])
        + f"?soort={kind}&amp;next={detail.replace('/', '%2F')}"
    )
    assert link in page  # the plan page links Intrekken for this entry
    response = consulent_client.post(link.replace("&amp;", "&"), {"reason": reason})
    assert response.status_code == 302
    assert response["Location"] == detail  # back to the plan
    return html(consulent_client.get(detail))


def test_a_withdrawn_goal_and_action_stay_struck_through_with_who_when_why(
    consulent_client, consulent, plan
):
    file = reverse("clients:client_detail", args=[plan.client_id])
    assert "2 open acties" in html(consulent_client.get(file))
    assert len(signals(plan.client, TODAY, "actie")) == 2
    goal = Goal.objects.get(plan=plan, text="Verkeerd doel")
    action = Action.objects.get(plan=plan, description="Verkeerde actie")

    _withdraw(consulent_client, plan, goal, "doel", "Dubbel ingevoerd")
    page = _withdraw(consulent_client, plan, action, "actie", "Hoort bij een andere cliënt")

    name = consulent.get_full_name() or consulent.username
    assert "<del>Verkeerd doel</del>" in page
    assert "<del>Verkeerde actie</del>" in page
    assert f"Ingetrokken door {name} op {TODAY:%d-%m-%Y}" in page
    assert "Dubbel ingevoerd" in page
    assert "Hoort bij een andere cliënt" in page
    # The entries in force are not struck through and keep their links.
    assert "<del>Werk vinden in de zorg</del>" not in page
    assert page.count(">Intrekken<") == 2
    # Not counted: the file's open actions and the action signal leave the withdrawn one out.
    assert "1 open actie" in html(consulent_client.get(file))
    assert "Verkeerd doel" not in html(consulent_client.get(file))
    assert [s.info for s in signals(plan.client, TODAY, "actie")] == ["Drie sollicitaties per week"]
    # The printed plan, for the client's signature, leaves withdrawn entries out.
    printed = html(consulent_client.get(reverse("plans:plan_print", args=[plan.pk])))
    assert "Verkeerde actie" not in printed
    assert "Werk vinden in de zorg" in printed


def test_a_reason_is_required_and_nothing_changes_without_it(consulent_client, plan):
    action = Action.objects.get(plan=plan, description="Verkeerde actie")
    url = reverse("clients:entry_withdraw", args=[plan.client_id, action.pk]) + "?soort=actie"
    page = html(consulent_client.post(url, {"reason": "  "}))
    assert "Dit veld is verplicht" in page or "Vul in waarom" in page
    assert Action.objects.filter(pk=action.pk).exists()


def test_no_intrekken_for_who_may_not_change_the_file(client, manager, plan):
    client.force_login(manager)
    page = html(client.get(reverse("plans:plan_detail", args=[plan.pk])))
    assert "Verkeerde actie" in page
    assert ">Intrekken<" not in page
