"""Issue 16, item 11: a database constraint a form can hit says what is wrong in Dutch, on the
field where it can, never by its name and never as a 500."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone

from categorisation.models import Category
from categorisation.services import assess_client
from clients.models import Ontheffing
from plans.services import create_plan
from tests.factories import ClientFactory
from trajectories.models import PremiumPayment, Trajectory, TrajectoryType
from trajectories.tests.helpers import provider, run

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
# The apps whose models the case screens and the admin's forms write.
FORM_APPS = ["clients", "categorisation", "trajectories", "plans", "budgets"]


def _constraints():
    for label in FORM_APPS:
        for model in apps.get_app_config(label).get_models():
            for constraint in model._meta.constraints:
                yield model, constraint


CONSTRAINT_NAMES = [constraint.name for _model, constraint in _constraints()]


def test_every_constraint_has_its_own_dutch_message():
    """Django's default for a check or exclusion constraint (and a conditional unique one) is
    'Beperking "<name>" wordt geschonden': the name the user must never see. A unique
    constraint over plain fields has Django's Dutch '… met deze … bestaat al.'."""
    missing = [
        f"{model._meta.label}.{constraint.name}"
        for model, constraint in _constraints()
        if constraint.violation_error_message == constraint.default_violation_error_message
        and not (
            isinstance(constraint, models.UniqueConstraint)
            and constraint.fields
            and constraint.condition is None
        )
    ]
    assert not missing, missing
    assert not [
        constraint.name
        for _model, constraint in _constraints()
        if constraint.name in str(constraint.get_violation_error_message())
    ]
    assert len(CONSTRAINT_NAMES) >= 40


def assert_dutch_on_field(response, field: str, message: str) -> None:
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors.get(field, [])), response.context[
        "form"
    ].errors
    html = response.content.decode()
    assert not [name for name in CONSTRAINT_NAMES if name in html]


@pytest.fixture
def person(consulent, wassenaar):
    return ClientFactory(municipality=wassenaar, consulent=consulent)


def test_an_ontheffing_ending_before_it_starts(consulent_client, person):
    response = consulent_client.post(
        reverse("clients:ontheffing_create", args=[person.pk]),
        {"reason": "medisch", "start": "2025-03-01", "end": "2025-02-28"},
    )
    assert_dutch_on_field(response, "end", "De einddatum ligt vóór de ingangsdatum.")
    assert not Ontheffing.objects.exists()


def test_the_constraint_itself_speaks_dutch_where_a_form_does_not_check_first(person):
    """The model's own validation (the admin, a future form) gives the constraint's message."""
    ontheffing = Ontheffing(
        client=person, reason="medisch", start=TODAY, end=TODAY - timedelta(days=1)
    )
    with pytest.raises(Exception) as error:  # noqa: PT011 - a ValidationError, checked below
        ontheffing.full_clean(exclude=["client"])
    assert error.value.messages == ["De einddatum ligt vóór de ingangsdatum."]


def test_a_trajectory_planned_to_end_before_it_starts(consulent_client, person, wassenaar):
    response = consulent_client.post(
        reverse("trajectories:trajectory_create", args=[person.pk]),
        {
            "kind": TrajectoryType.objects.get(code="participatiebaan").pk,
            "provider": provider("Eigen werkcoaches").pk,
            "municipality": wassenaar.pk,
            "planned_start": "2025-03-01",
            "planned_end": "2025-02-01",
            "cost": "0",
        },
    )
    assert_dutch_on_field(
        response, "planned_end", "Het geplande einde ligt vóór de geplande start."
    )
    assert not Trajectory.objects.exists()


def test_two_assessments_on_one_day(consulent_client, consulent, person):
    category = Category.objects.get(organisation__isnull=True, code="2A")
    day = TODAY - timedelta(days=10)
    assess_client(client=person, day=day, category=category, estimated_months=30, reason="",
                  by=consulent)  # fmt: skip
    response = consulent_client.post(
        reverse("categorisation:assessment_create", args=[person.pk]),
        {"date": day.isoformat(), "category": category.pk, "estimated_months": 30, "reason": "x"},
    )
    assert_dutch_on_field(response, "date", "is al iets vastgelegd")


def test_a_plan_agreed_without_a_date(consulent_client, consulent, person):
    plan = create_plan(client=person, by=consulent)
    response = consulent_client.post(
        reverse("plans:plan_finalise", args=[plan.pk]),
        {"valid_from": TODAY.isoformat(), "agreed_by_client": "on", "agreed_on": ""},
    )
    assert_dutch_on_field(response, "agreed_on", "Vul de datum in waarop de cliënt akkoord ging.")


def test_a_premium_paid_before_it_was_due(consulent_client, consulent, person):
    trajectory = run(person, "participatiebaan", TODAY - timedelta(days=200),
                     TODAY + timedelta(days=200), consulent)  # fmt: skip
    payment = PremiumPayment.objects.create(
        trajectory=trajectory, due_date=TODAY - timedelta(days=5), amount=Decimal("600.00")
    )
    response = consulent_client.post(
        reverse("trajectories:premium_pay", args=[trajectory.pk, payment.pk]),
        {"paid_on": (TODAY - timedelta(days=6)).isoformat()},
    )
    assert_dutch_on_field(response, "paid_on", "vóór de vervaldatum")
