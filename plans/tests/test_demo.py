"""The demo plans keep the rules the services enforce, for a realistic share of clients."""

import pytest
from django.db.models import Count, F, Q
from django.utils import timezone

from categorisation.demo import build_assessments
from clients.demo import build_clients
from clients.models import Client
from organisations.demo import build_organisation
from plans.demo import build_plans
from plans.models import Action, Plan
from plans.services import clients_without_current_plan, plan_required_on
from trajectories.demo import build_trajectories

pytestmark = pytest.mark.django_db


def test_demo_plans_keep_the_rules():
    people = build_organisation(consulenten_per_municipality=[2, 1, 1])
    build_clients(people, count=400, seed=7)
    build_assessments(seed=7)
    build_trajectories(seed=7)
    counts = build_plans(seed=7)
    today = timezone.localdate()
    assert counts["plannen van aanpak"] == Plan.objects.count() > 50
    assert counts["acties"] == Action.objects.count()
    required = Client.objects.filter(pk__in=plan_required_on(today).values("client_id")).count()
    missing = clients_without_current_plan(Client.objects.all(), today).count()
    assert 0 < missing < required * 0.3
    # Every vastgesteld version has a goal and an action, none takes effect in the future.
    established = Plan.objects.established().annotate(
        goals_n=Count("goals", distinct=True), actions_n=Count("actions", distinct=True)
    )
    assert not established.filter(Q(goals_n=0) | Q(actions_n=0)).exists()
    assert not established.filter(valid_from__gt=today).exists()
    assert not Action.objects.exclude(goal=None).exclude(goal__plan=F("plan")).exists()
    for plan in Plan.objects.filter(is_decision_appendix=True).select_related("client")[:50]:
        assert plan.client.age_on(plan.valid_from) < 27
    linked = Plan.objects.filter(goals__trajectories__isnull=False).distinct()
    assert not linked.exclude(goals__trajectories__client=F("client")).exists()
