"""Versions, establishing, the art. 44a appendix, trajectories on goals and the clients who
still need a plan."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clients.models import AccessLog, Client
from core.dates import add_years
from plans import services
from plans.models import Action, Goal, Plan
from plans.tests.helpers import categorise, established
from tests.factories import ClientFactory
from trajectories.tests.helpers import plan as plan_trajectory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def messages(error: ValidationError) -> list[str]:
    return error.messages


def test_a_new_version_never_overwrites_the_previous_one(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    first = established(client, consulent, date(2024, 1, 15), goals=["Taal op niveau 1F"])
    second = services.create_plan(client=client, by=consulent)
    assert second.version == 2
    assert second.is_concept
    # The new version starts from the old one: goals and open actions copied.
    assert [g.text for g in second.goals.all()] == ["Taal op niveau 1F"]
    assert [a.description for a in second.actions.all()] == ["Drie sollicitaties per week"]
    services.add_goal(plan=second, text="Werkervaring opdoen", by=consulent)
    services.finalise_plan(
        plan=second,
        valid_from=date(2025, 3, 1),
        agreed_by_client=True,
        agreed_on=date(2025, 2, 27),
        by=consulent,
    )
    first.refresh_from_db()
    assert (first.status, first.valid_from) == (Plan.Status.ESTABLISHED, date(2024, 1, 15))
    assert [g.text for g in first.goals.all()] == ["Taal op niveau 1F"]
    assert Plan.objects.filter(client=client).count() == 2


def test_the_current_plan_as_of_a_date(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    assert services.current_plan(client) is None
    first = established(client, consulent, date(2024, 1, 15))
    second = established(client, consulent, date(2025, 3, 1))
    concept = services.create_plan(client=client, by=consulent)
    assert services.current_plan(client, date(2024, 1, 14)) is None
    assert services.current_plan(client, date(2024, 1, 15)) == first
    assert services.current_plan(client, date(2025, 2, 28)) == first
    assert services.current_plan(client, date(2025, 3, 1)) == second
    assert services.current_plan(client) == second  # a concept is never current
    assert concept.version == 3
    assert list(Plan.objects.filter(client=client).current_on(date(2024, 6, 1))) == [first]


def test_only_one_concept_at_a_time(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    services.create_plan(client=client, by=consulent)
    with pytest.raises(ValidationError) as refused:
        services.create_plan(client=client, by=consulent)
    assert "Er is al een concept (versie 1)" in messages(refused.value)[0]


def test_finalising_needs_a_goal_an_action_and_a_date_not_in_the_future(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    plan = services.create_plan(client=client, by=consulent)
    with pytest.raises(ValidationError) as refused:
        services.finalise_plan(
            plan=plan,
            valid_from=TODAY + timedelta(days=1),
            agreed_by_client=False,
            agreed_on=None,
            by=consulent,
        )
    text = " ".join(messages(refused.value))
    assert "minstens één doel" in text
    assert "minstens één afgesproken actie" in text
    assert "De ingangsdatum kan niet in de toekomst liggen." in text
    plan.refresh_from_db()
    assert plan.is_concept
    assert plan.valid_from is None


def test_finalising_records_the_agreement_with_its_date(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    plan = services.create_plan(client=client, by=consulent)
    services.add_goal(plan=plan, text="Werk", by=consulent)
    services.add_action(
        plan=plan, description="Cv maken", owner="client", due_date=TODAY, by=consulent
    )
    for agreed, on, message in [
        (True, None, "Vul de datum in waarop de cliënt akkoord ging."),
        (True, TODAY + timedelta(days=2), "De datum van akkoord kan niet in de toekomst liggen."),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.finalise_plan(
                plan=plan, valid_from=TODAY, agreed_by_client=agreed, agreed_on=on, by=consulent
            )
        assert messages(refused.value) == [message]
    done = services.finalise_plan(
        plan=plan, valid_from=TODAY, agreed_by_client=True, agreed_on=TODAY, by=consulent
    )
    assert (done.status, done.agreed_by_client, done.agreed_on) == ("vastgesteld", True, TODAY)
    assert done.established_by == consulent
    with pytest.raises(ValidationError) as refused:
        services.finalise_plan(
            plan=done, valid_from=TODAY, agreed_by_client=False, agreed_on=None, by=consulent
        )
    assert "is vastgesteld en wordt niet meer gewijzigd" in messages(refused.value)[0]


def test_a_new_version_cannot_take_effect_before_the_previous(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    established(client, consulent, date(2025, 3, 1))
    with pytest.raises(ValidationError) as refused:
        established(client, consulent, date(2025, 1, 1))
    assert messages(refused.value) == [
        "De vorige versie geldt vanaf 01-03-2025; een nieuwe versie kan niet eerder ingaan."
    ]


def test_an_established_plan_takes_no_new_goals_or_actions(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    plan = established(client, consulent, date(2025, 1, 1))
    with pytest.raises(ValidationError):
        services.add_goal(plan=plan, text="Nog een doel", by=consulent)
    with pytest.raises(ValidationError):
        services.add_action(
            plan=plan, description="Iets", owner="client", due_date=TODAY, by=consulent
        )
    assert Goal.objects.filter(plan=plan).count() == 1


def test_actions_are_marked_done_on_the_plan_in_force_only(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    first = established(client, consulent, date(2024, 1, 1))
    action = first.actions.get()
    services.mark_action_done(action=action, on=date(2024, 2, 1), by=consulent)
    with pytest.raises(ValidationError, match="al afgevinkt"):
        services.mark_action_done(action=action, on=date(2024, 2, 2), by=consulent)
    second = services.create_plan(client=client, by=consulent)
    assert second.actions.count() == 0  # done actions stay with their version
    services.add_action(
        plan=second, description="Intake taal", owner="anders", owner_name="NLTraining",
        due_date=TODAY, by=consulent,
    )  # fmt: skip
    services.finalise_plan(
        plan=second, valid_from=TODAY, agreed_by_client=False, agreed_on=None, by=consulent
    )
    old = Action.objects.create(plan=first, description="Oud", due_date=date(2024, 3, 1))
    with pytest.raises(ValidationError, match="vervangen door een nieuwere versie"):
        services.mark_action_done(action=old, on=TODAY, by=consulent)
    assert second.actions.get().owner_label == "NLTraining"


def test_an_other_owner_must_be_named(consulent, wassenaar):
    plan = services.create_plan(client=ClientFactory(municipality=wassenaar), by=consulent)
    with pytest.raises(ValidationError) as refused:
        services.add_action(
            plan=plan, description="Jobcoach", owner="anders", due_date=TODAY, by=consulent
        )
    assert refused.value.message_dict == {"owner_name": ["Vul in wie deze actie uitvoert."]}
    assert not plan.actions.exists()


def test_a_plan_for_a_client_under_27_is_an_appendix_to_the_decision(consulent, wassenaar):
    young = ClientFactory(
        municipality=wassenaar, date_of_birth=add_years(TODAY, -27) + timedelta(1)
    )
    older = ClientFactory(municipality=wassenaar, date_of_birth=add_years(TODAY, -27))
    assert established(young, consulent, TODAY).is_decision_appendix is True
    assert established(older, consulent, TODAY).is_decision_appendix is False
    # Judged on the plan's date: the same client a year earlier was under 27.
    older_again = ClientFactory(municipality=wassenaar, date_of_birth=add_years(TODAY, -27))
    assert established(older_again, consulent, TODAY - timedelta(days=1)).is_decision_appendix


def test_goals_serve_only_the_clients_own_trajectories(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    other = ClientFactory(municipality=wassenaar)
    own = plan_trajectory(client, "jobcoach", TODAY, TODAY + timedelta(days=90), consulent)
    foreign = plan_trajectory(other, "jobcoach", TODAY, TODAY + timedelta(days=90), consulent)
    plan = services.create_plan(client=client, by=consulent)
    with pytest.raises(ValidationError) as refused:
        services.add_goal(plan=plan, text="Werk", trajectories=[own, foreign], by=consulent)
    assert "hoort bij een andere cliënt" in refused.value.message_dict["trajectories"][0]
    assert not plan.goals.exists()  # nothing half-saved
    goal = services.add_goal(plan=plan, text="Werk", trajectories=[own], by=consulent)
    with pytest.raises(ValidationError):
        services.link_trajectories(goal=goal, trajectories=[foreign], by=consulent)
    assert list(goal.trajectories.all()) == [own]
    # A new version keeps the links.
    services.add_action(plan=plan, description="Cv", owner="client", due_date=TODAY, by=consulent)
    services.finalise_plan(
        plan=plan, valid_from=TODAY, agreed_by_client=False, agreed_on=None, by=consulent
    )
    copy = services.create_plan(client=client, by=consulent).goals.get()
    assert list(copy.trajectories.all()) == [own]


def test_clients_without_a_current_plan(consulent, wassenaar):
    day = date(2025, 6, 1)
    without = ClientFactory(municipality=wassenaar)
    categorise(without, "1B", date(2025, 1, 1), consulent)
    participatie = ClientFactory(municipality=wassenaar)
    categorise(participatie, "3A", date(2025, 1, 1), consulent)
    planned = ClientFactory(municipality=wassenaar)
    categorise(planned, "2A", date(2025, 1, 1), consulent)
    established(planned, consulent, date(2025, 5, 1))
    planned_later = ClientFactory(municipality=wassenaar)
    categorise(planned_later, "1A", date(2025, 1, 1), consulent)
    established(planned_later, consulent, date(2025, 7, 1))
    concept_only = ClientFactory(municipality=wassenaar)
    categorise(concept_only, "1C", date(2025, 1, 1), consulent)
    services.create_plan(client=concept_only, by=consulent)
    passive = ClientFactory(municipality=wassenaar)
    categorise(passive, "3B", date(2025, 1, 1), consulent)
    uncategorised = ClientFactory(municipality=wassenaar)
    categorised_later = ClientFactory(municipality=wassenaar)
    categorise(categorised_later, "1A", date(2025, 6, 2), consulent)

    missing = services.clients_without_current_plan(Client.objects.all(), day)
    assert set(missing) == {without, participatie, planned_later, concept_only}
    assert uncategorised not in missing
    assert passive not in missing
    later = services.clients_without_current_plan(Client.objects.all(), date(2025, 7, 1))
    assert planned_later not in later
    assert categorised_later in later


def test_every_change_is_in_the_access_log(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    established(client, consulent, TODAY)
    details = list(AccessLog.objects.filter(client=client).values_list("detail", flat=True))
    assert "Plan van aanpak versie 1 opgesteld" in details
    assert f"Plan van aanpak versie 1 vastgesteld per {TODAY:%d-%m-%Y}" in details


def test_a_new_action_cannot_be_due_in_the_past(consulent, wassenaar):
    """Issue 19: a typing error caught at entry; today itself is fine."""
    client = ClientFactory(municipality=wassenaar, consulent=consulent)
    plan = services.create_plan(client=client, by=consulent)
    with pytest.raises(ValidationError) as refused:
        services.add_action(
            plan=plan,
            description="Cv",
            owner="client",
            due_date=TODAY - timedelta(days=1),
            by=consulent,
        )
    assert refused.value.message_dict["due_date"] == [
        "De uiterste datum van een nieuwe actie ligt in het verleden."
    ]
    assert not plan.actions.exists()
    services.add_action(plan=plan, description="Cv", owner="client", due_date=TODAY, by=consulent)
