"""Ending a benefit for work closes the client's running trajectories in the same step."""

from datetime import date

import pytest
from django.urls import reverse

from clients.models import EndReason
from tests.factories import BenefitPeriodFactory, ClientFactory
from trajectories.models import Status, Trajectory
from trajectories.tests.helpers import run

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(wassenaar):
    client = ClientFactory(municipality=wassenaar, date_of_birth=date(1980, 1, 1))
    return BenefitPeriodFactory(client=client, start=date(2024, 1, 1))


def test_end_benefit_for_work_closes_running_trajectories(consulent_client, consulent, period):
    trajectory = run(
        period.client, "participatiebaan", date(2025, 1, 6), date(2026, 12, 31), consulent
    )
    url = reverse("clients:benefitperiod_end", args=[period.client.pk, period.pk])
    page = consulent_client.get(url).content.decode()
    assert "Lopende trajecten (1) afsluiten per de einddatum" in page
    response = consulent_client.post(
        url,
        {
            "end": "2026-10-31",
            "end_reason": EndReason.objects.get(code="11").pk,
            "close_trajectories": "werk_voltijd",
        },
    )
    assert response.status_code == 302
    trajectory.refresh_from_db()
    period.refresh_from_db()
    assert (trajectory.status, trajectory.outcome, trajectory.actual_end) == (
        Status.COMPLETED,
        "werk_voltijd",
        date(2026, 10, 31),
    )
    assert period.end == date(2026, 10, 31)


def test_nothing_is_half_saved_when_a_trajectory_cannot_close(consulent_client, consulent, period):
    trajectory = run(
        period.client, "participatiebaan", date(2025, 1, 6), date(2026, 12, 31), consulent
    )
    url = reverse("clients:benefitperiod_end", args=[period.client.pk, period.pk])
    # A benefit end before the trajectory started cannot close it: neither is saved.
    response = consulent_client.post(
        url,
        {
            "end": "2024-12-31",
            "end_reason": EndReason.objects.get(code="11").pk,
            "close_trajectories": "werk_voltijd",
        },
    )
    assert response.status_code == 200
    trajectory.refresh_from_db()
    period.refresh_from_db()
    assert trajectory.status == Status.RUNNING
    assert period.end is None


def test_leaving_the_choice_empty_keeps_trajectories_running(consulent_client, consulent, period):
    run(period.client, "participatiebaan", date(2025, 1, 6), date(2026, 12, 31), consulent)
    url = reverse("clients:benefitperiod_end", args=[period.client.pk, period.pk])
    response = consulent_client.post(
        url,
        {
            "end": "2026-10-31",
            "end_reason": EndReason.objects.get(code="32").pk,
            "close_trajectories": "",
        },
    )
    assert response.status_code == 302
    assert Trajectory.objects.get().status == Status.RUNNING


def test_no_choice_offered_without_running_trajectories(consulent_client, period):
    url = reverse("clients:benefitperiod_end", args=[period.client.pk, period.pk])
    assert "afsluiten per de einddatum" not in consulent_client.get(url).content.decode()
