"""Two consulents take the last place at the same moment: on real PostgreSQL, with two threads
that each have their own connection, exactly one start succeeds."""

import threading
import time
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from organisations.roles import CONSULENT
from tests.factories import ClientFactory, UserFactory
from trajectories import services
from trajectories.models import Provider, Status, Trajectory, TrajectoryRule, TrajectoryType

START = date(2025, 3, 3)


@pytest.mark.django_db(transaction=True)
def test_two_starts_for_the_last_place_do_not_both_succeed(organisation, wassenaar, monkeypatch):
    counted = services.places_used

    def slow_count(*args):
        used = counted(*args)
        time.sleep(0.3)  # widen the gap between counting and saving, where a race would hit
        return used

    monkeypatch.setattr(services, "places_used", slow_count)
    # Its own type and provider: a transactional test may run after another one has emptied
    # the seeded code tables.
    kind = TrajectoryType.objects.create(code="racetest", name="Racetest")
    TrajectoryRule.objects.create(
        type=kind, valid_from=date(2015, 1, 1), direction="werk", yearly_capacity=1
    )
    provider = Provider.objects.create(name="Racetest-aanbieder", kind="extern")
    users = [
        UserFactory(organisation=organisation, roles=[CONSULENT], scope=[wassenaar])
        for _ in range(2)
    ]
    requested = [
        services.plan_trajectory(
            client=ClientFactory(municipality=wassenaar),
            kind=kind,
            provider=provider,
            municipality=wassenaar,
            planned_start=START,
            planned_end=date(2025, 12, 31),
            by=user,
        )
        for user in users
    ]
    barrier = threading.Barrier(2)
    results: list[str] = []

    def start(trajectory, user):
        try:
            barrier.wait(timeout=10)
            services.start_trajectory(trajectory=trajectory, on=START, by=user)
            results.append("gestart")
        except ValidationError as error:
            results.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=start, args=pair) for pair in zip(requested, users, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results)[-1] == "gestart"
    assert results.count("gestart") == 1
    assert any(
        "plaatsen voor Racetest in Wassenaar in 2025 zijn allemaal bezet" in r for r in results
    )
    assert Trajectory.objects.filter(status=Status.RUNNING).count() == 1
