"""The demo trajectories keep the rules the services enforce, in realistic proportions."""

from collections import Counter

import pytest
from django.db.models import F

from categorisation.demo import build_assessments
from categorisation.models import Assessment
from clients.demo import build_clients
from clients.models import BenefitPeriod, ContactNote
from organisations.demo import build_organisation
from trajectories.demo import EVALUATION_NOTE, build_trajectories
from trajectories.models import PremiumPayment, Status, Trajectory

pytestmark = pytest.mark.django_db


def _build(seed: int) -> dict[str, int]:
    people = build_organisation(consulenten_per_municipality=[2, 1, 1])
    build_clients(people, count=600, seed=seed)
    build_assessments(seed=seed)
    return build_trajectories(seed=seed)


def test_demo_trajectories_keep_the_rules():
    counts = _build(seed=5)
    assert counts["trajecten"] == Trajectory.objects.count() > 250
    assert counts["premies"] == PremiumPayment.objects.count() > 0
    for trajectory in Trajectory.objects.exclude(actual_start=None).select_related(
        "type", "client"
    ):
        rule = trajectory.type.rule_on(trajectory.actual_start)
        assert rule.age_allowed(trajectory.client.age_on(trajectory.actual_start))
        latest = rule.latest_end(trajectory.actual_start, trajectory.extensions)
        assert latest is None or trajectory.planned_end <= latest
        if trajectory.type.code == "beschut_werk":
            category = Assessment.objects.on(trajectory.actual_start).get(client=trajectory.client)
            assert category.category.code == "2B"
    assert not PremiumPayment.objects.exclude(trajectory__type__code="participatiebaan").exists()
    assert not PremiumPayment.objects.filter(due_date__lte=F("trajectory__actual_start")).exists()
    outcomes = Counter(Trajectory.objects.exclude(outcome="").values_list("outcome", flat=True))
    ended = sum(outcomes.values())
    work = outcomes["werk_voltijd"] + outcomes["werk_deeltijd"]
    assert 0.15 < work / ended < 0.4
    assert Trajectory.objects.filter(status=Status.RUNNING).exists()
    assert Trajectory.objects.filter(status=Status.REQUESTED).exists() or ended


def _snapshot():
    return list(
        Trajectory.objects.order_by("client__bsn", "planned_start").values_list(
            "client__bsn", "type__code", "planned_start", "actual_end", "status", "outcome", "cost"
        )
    )


def _rebuild(seed: int) -> None:
    # Everything build_trajectories wrote, the evaluations held included.
    ContactNote.objects.filter(text=EVALUATION_NOTE).delete()
    PremiumPayment.objects.all().delete()
    Trajectory.objects.all().delete()
    build_trajectories(seed=seed)


def test_the_same_seed_gives_the_same_trajectories():
    _build(seed=9)
    first = _snapshot()
    _rebuild(seed=9)
    assert _snapshot() == first
    _rebuild(seed=10)
    assert _snapshot() != first


def test_demo_trajectories_run_only_while_the_benefit_runs():
    # Issue 20: the demo ran trajectories for clients whose benefit ended years ago, which
    # filled Vandaag with years of backlog ("3230 dagen te laat").
    _build(seed=5)
    periods: dict[int, list] = {}
    for client_id, start, end in BenefitPeriod.objects.values_list("client_id", "start", "end"):
        periods.setdefault(client_id, []).append((start, end))
    started = Trajectory.objects.exclude(actual_start=None)
    assert started.exists()
    for trajectory in started:
        period = next(
            (s, e)
            for s, e in periods[trajectory.client_id]
            if s <= trajectory.actual_start and (e is None or trajectory.actual_start <= e)
        )
        if period[1] is not None:
            assert trajectory.actual_end is not None
            assert trajectory.actual_end <= period[1]
    open_now = Trajectory.objects.filter(status__in=[Status.RUNNING, Status.REQUESTED])
    on_benefit = BenefitPeriod.objects.filter(end=None).values("client_id")
    assert open_now.exists()
    assert not open_now.exclude(client_id__in=on_benefit).exists()
