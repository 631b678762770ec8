"""Signals about trajectories, from the rules of each type: each appears on the day it should
and not the day before, and disappears when the trajectory is ended, extended or paid."""

from datetime import timedelta

import pytest
from django.utils import timezone

from clients import services as client_services
from core.dates import add_months
from deadlines.tests.helpers import appears_on, dues, signals
from tests.factories import ClientFactory
from trajectories import premiums
from trajectories import services as trajectory_services
from trajectories.models import PremiumPayment
from trajectories.tests.helpers import plan, run

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LEAD = 14


def test_a_planned_end_shows_thirty_days_before_and_while_it_runs_past_it(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    end = TODAY + timedelta(days=60)
    trajectory = run(client, "jobcoach", TODAY - timedelta(days=30), end, consulent)
    assert appears_on(client, "traject_einde", end - timedelta(days=30))
    late = signals(client, end + timedelta(days=10), "traject_einde")
    assert [(s.due, s.overdue, s.object_id) for s in late] == [(end, True, trajectory.pk)]
    trajectory_services.end_trajectory(
        trajectory=trajectory, on=TODAY, outcome="geen_resultaat", by=consulent
    )
    assert not signals(client, end, "traject_einde")


@pytest.mark.parametrize(
    ("code", "months"),
    [("proefplaatsing", 3), ("bbz_voorbereidingsjaar", 12), ("participatiebaan", 24)],
)
def test_the_maximum_duration_of_the_type_is_reached(consulent, wassenaar, code, months):
    client = ClientFactory(municipality=wassenaar)
    start = TODAY - timedelta(days=20)
    latest = add_months(start, months) - timedelta(days=1)
    trajectory = run(client, code, start, latest, consulent)
    assert appears_on(client, "maximale_duur", latest - timedelta(days=LEAD))
    assert signals(client, latest, "maximale_duur")[0].number == months
    trajectory_services.end_trajectory(
        trajectory=trajectory, on=TODAY, outcome="vervolgtraject", by=consulent
    )
    assert not signals(client, latest, "maximale_duur")


def test_an_extension_moves_the_maximum(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    start = TODAY - timedelta(days=20)
    latest = add_months(start, 24) - timedelta(days=1)
    trajectory = run(client, "participatiebaan", start, latest, consulent)
    trajectory_services.extend_trajectory(trajectory=trajectory, by=consulent, approved=True)
    assert not signals(client, latest, "maximale_duur")
    extended = add_months(start, 36) - timedelta(days=1)
    assert appears_on(client, "maximale_duur", extended - timedelta(days=LEAD))


def test_the_evaluation_after_the_rules_months_until_the_conversation(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    start = add_months(TODAY, -9) + timedelta(days=5)
    run(client, "participatiebaan", start, add_months(start, 12), consulent)
    due = add_months(start, 9)  # participatiebaan: evaluation at 9 months
    assert appears_on(client, "evaluatie", due - timedelta(days=LEAD))
    assert dues(client, due, "evaluatie") == [due]
    client_services.add_note(
        client=client, on=TODAY, kind="gesprek", text="Evaluatie", by=consulent
    )
    assert not signals(client, due + timedelta(days=100), "evaluatie")


def test_a_premium_is_due_at_each_completed_half_year_until_it_is_paid(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    start = add_months(TODAY, -6) - timedelta(days=5)
    trajectory = run(
        client, "participatiebaan", start, add_months(start, 24) - timedelta(days=1), consulent
    )
    first, second = add_months(start, 6), add_months(start, 12)
    assert appears_on(client, "premie", first - timedelta(days=LEAD))
    assert [(s.due, s.number) for s in signals(client, second, "premie")] == [
        (first, 1),
        (second, 2),
    ]
    premiums.record_due_premiums(trajectory=trajectory)
    assert dues(client, first, "premie") == [first]  # recorded as due is not paid
    premiums.pay_premium(
        payment=PremiumPayment.objects.get(trajectory=trajectory), paid_on=TODAY, by=consulent
    )
    assert not signals(client, first, "premie")
    assert appears_on(client, "premie", second - timedelta(days=LEAD))


def test_no_premium_for_a_half_year_the_trajectory_did_not_complete(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    start = add_months(TODAY, -6) - timedelta(days=5)
    trajectory = run(
        client, "participatiebaan", start, add_months(start, 24) - timedelta(days=1), consulent
    )
    trajectory_services.end_trajectory(
        trajectory=trajectory,
        on=add_months(start, 6) - timedelta(days=2),
        outcome="uitval",
        by=consulent,
    )
    assert not signals(client, TODAY + timedelta(days=400), "premie")
    assert not signals(client, TODAY, "traject_einde")


def test_training_is_offered_after_six_months_without_startkwalificatie(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar, startkwalificatie=False)
    start = TODAY - timedelta(days=100)
    run(client, "participatiebaan", start, add_months(start, 24) - timedelta(days=1), consulent)
    due = add_months(start, 6)
    assert appears_on(client, "scholing", due - timedelta(days=LEAD))
    plan(client, "scholing", TODAY, TODAY + timedelta(days=90), consulent)
    assert not signals(client, due, "scholing")

    qualified = ClientFactory(municipality=wassenaar, startkwalificatie=True)
    run(qualified, "participatiebaan", start, add_months(start, 24) - timedelta(days=1), consulent)
    assert not signals(qualified, due, "scholing")
