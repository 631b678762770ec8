"""Helpers to categorise clients and draw up plans in tests."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from categorisation.models import Category
from categorisation.services import assess_client
from clients.models import Ontheffing, OntheffingReason
from plans import services
from plans.models import Action, Plan

MONTHS = {"1A": 2, "1B": 6, "1C": 18, "2A": 30, "2B": 30, "3A": 60, "3B": 60}


def categorise(client, code: str, day: date, by):
    """Assess the client into category `code` on `day` (with an ontheffing for 3B)."""
    if code == "3B":
        Ontheffing.objects.create(client=client, reason=OntheffingReason.MEDICAL, start=day)
    return assess_client(
        client=client,
        day=day,
        category=Category.objects.get(organisation__isnull=True, code=code),
        estimated_months=MONTHS[code],
        reason="",
        by=by,
    )


def established(
    client,
    by,
    valid_from: date,
    *,
    goals=("Werk vinden als magazijnmedewerker",),
    actions=("Drie sollicitaties per week",),
    agreed_on: date | None = None,
) -> Plan:
    """A new version with the given goals and actions, vastgesteld from `valid_from`."""
    plan = services.create_plan(client=client, by=by)
    for text in goals:
        services.add_goal(plan=plan, text=text, by=by)
    for description in actions:
        action = services.add_action(
            plan=plan,
            description=description,
            owner=Action.Owner.CLIENT,
            due_date=max(valid_from, timezone.localdate()),
            by=by,
        )
        # A plan recorded back then: its actions were due from its start (time has passed since).
        Action.objects.filter(pk=action.pk).update(due_date=valid_from)
    return services.finalise_plan(
        plan=plan,
        valid_from=valid_from,
        agreed_by_client=agreed_on is not None,
        agreed_on=agreed_on,
        by=by,
    )
