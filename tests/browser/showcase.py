"""One client of consulent.lv with something of everything, built through the services, so that
every page of the sweep has an object to show whatever the demo data of the day holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from categorisation.models import Category
from categorisation.services import assess_client
from clients.models import Client, Household, OntheffingReason
from clients.services import add_note, add_ontheffing, register_client
from core.dates import add_months
from organisations.models import Municipality, User
from plans import services as plans
from plans.models import Action
from tests.factories import valid_bsn
from trajectories import services as trajectories
from trajectories.models import Provider, TrajectoryType
from trajectories.premiums import record_due_premiums


@dataclass(frozen=True)
class Showcase:
    municipality: int  # Leidschendam-Voorburg, the client's
    client: int
    period: int
    ontheffing: int
    requested: int  # a requested trajectory (start, cancel)
    running: int  # a running participatiebaan with a recorded premium (end, extend, pay)
    premium: int
    provider: int
    plan: int  # a concept plan van aanpak with a goal and an action
    goal: int
    action: int


def build_showcase() -> Showcase:
    consulent = User.objects.get(username="consulent.lv")
    today = timezone.localdate()
    client = register_client(
        data={
            "bsn": valid_bsn(90210),
            "first_names": "Sanne",
            "prefix": "van der",
            "last_name": "Toonbeeld",
            "date_of_birth": date(today.year - 40, 3, 14),
            "municipality": Municipality.objects.get(name="Leidschendam-Voorburg"),
            "household": Household.SINGLE,
        },
        benefit_start=today - timedelta(days=700),
        by=consulent,
    )
    ontheffing = add_ontheffing(
        client=client,
        reason=OntheffingReason.URGENT,
        start=today - timedelta(days=30),
        end=today + timedelta(days=150),
        remark="Mantelzorg",
        by=consulent,
    )
    add_note(client=client, on=today, kind="gesprek", text="Kennismaking.", by=consulent)
    assess_client(
        client=client,
        day=today - timedelta(days=400),
        category=Category.objects.for_organisation(client.organisation_id).get(code="1B"),
        estimated_months=6,
        reason="Werkervaring in de zorg.",
        by=consulent,
    )
    provider = Provider.objects.filter(active=True).order_by("name").first()
    plan_fields = {
        "provider": provider,
        "municipality": client.municipality,
        "cost": Decimal("0.00"),
    }
    start = add_months(today, -7)
    running = trajectories.plan_and_start_trajectory(
        client=client,
        by=consulent,
        kind=TrajectoryType.objects.get(code="participatiebaan"),
        planned_start=start,
        planned_end=add_months(start, 12) - timedelta(days=1),
        **plan_fields,
    )
    record_due_premiums(trajectory=running)
    requested = trajectories.plan_trajectory(
        client=client,
        by=consulent,
        kind=TrajectoryType.objects.get(code="jobcoach"),
        planned_start=today,
        planned_end=add_months(today, 6),
        **plan_fields,
    )
    plan = plans.create_plan(client=client, by=consulent)
    goal = plans.add_goal(plan=plan, text="Werk in de zorg", by=consulent, trajectories=[running])
    action = plans.add_action(
        plan=plan,
        description="Twee sollicitaties per maand",
        owner=Action.Owner.CLIENT,
        due_date=today + timedelta(days=30),
        goal=goal,
        by=consulent,
    )
    client = Client.objects.get(pk=client.pk)
    return Showcase(
        municipality=client.municipality_id,
        client=client.pk,
        period=client.benefit_periods.get(end__isnull=True).pk,
        ontheffing=ontheffing.pk,
        requested=requested.pk,
        running=running.pk,
        premium=running.premiums.get().pk,
        provider=provider.pk,
        plan=plan.pk,
        goal=goal.pk,
        action=action.pk,
    )
