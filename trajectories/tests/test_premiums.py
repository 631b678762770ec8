"""Premiums per completed half year of a participatiebaan: the schedule against a day-by-day
oracle, recording that never doubles, and payment."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ClientFactory
from trajectories import services
from trajectories.models import PremiumPayment
from trajectories.premiums import (
    pay_premium,
    premium_due_dates,
    record_all_due_premiums,
    record_due_premiums,
)
from trajectories.tests.helpers import run

pytestmark = pytest.mark.django_db


def oracle(start: date, interval: int, ended: date | None, today: date, limit: int | None):
    """Walk day by day over the running time that has passed. A month is complete on the day
    before the start's day of the month comes round again; every `interval`-th complete month
    makes a premium due the next day. (Start days up to the 28th: no short-month clipping.)"""
    last = today - timedelta(days=1)
    if ended is not None:
        last = min(last, ended)
    due, months, day = [], 0, start
    while day <= last:
        following = day + timedelta(days=1)
        if following.day == start.day:
            months += 1
            if months % interval == 0 and (limit is None or len(due) < limit):
                due.append(following)
        day = following
    return due


@given(
    start=st.dates(min_value=date(2016, 1, 1), max_value=date(2027, 12, 31)).filter(
        lambda d: d.day <= 28
    ),
    running_days=st.integers(min_value=0, max_value=2000),
    ended=st.booleans(),
    waited=st.integers(min_value=0, max_value=400),
    interval=st.sampled_from([3, 6, 12]),
    limit=st.one_of(st.none(), st.integers(min_value=0, max_value=10)),
)
@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_due_dates_match_a_day_by_day_oracle(start, running_days, ended, waited, interval, limit):
    end = start + timedelta(days=running_days)
    today = end + timedelta(days=waited) if ended else end
    actual_end = end if ended else None
    assert premium_due_dates(
        start=start, interval_months=interval, ended=actual_end, today=today, limit=limit
    ) == oracle(start, interval, actual_end, today, limit)


def test_a_premium_is_due_the_day_after_a_completed_half_year():
    kwargs = {"start": date(2025, 1, 15), "interval_months": 6, "limit": 8}
    assert premium_due_dates(ended=None, today=date(2025, 7, 14), **kwargs) == []
    assert premium_due_dates(ended=None, today=date(2025, 7, 15), **kwargs) == [date(2025, 7, 15)]
    # Ended on the last day of the half year: completed. One day earlier: not.
    assert premium_due_dates(ended=date(2025, 7, 14), today=date(2026, 1, 1), **kwargs) == [
        date(2025, 7, 15)
    ]
    assert premium_due_dates(ended=date(2025, 7, 13), today=date(2026, 1, 1), **kwargs) == []


def test_month_ends_are_counted_from_the_start_not_step_by_step():
    dates = premium_due_dates(
        start=date(2025, 8, 31), interval_months=6, ended=None, today=date(2027, 1, 1), limit=8
    )
    assert dates == [date(2026, 2, 28), date(2026, 8, 31)]


def test_never_more_premiums_than_the_longest_participatiebaan_allows():
    dates = premium_due_dates(
        start=date(2015, 1, 1), interval_months=6, ended=None, today=date(2030, 1, 1), limit=8
    )
    assert len(dates) == 8
    assert dates[-1] == date(2019, 1, 1)


def test_recording_is_idempotent_and_cents_exact(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    trajectory = run(client, "participatiebaan", date(2024, 1, 10), date(2025, 12, 31), consulent)
    assert record_due_premiums(trajectory=trajectory, today=date(2025, 1, 10)) == 2
    assert record_due_premiums(trajectory=trajectory, today=date(2025, 1, 10)) == 0
    assert record_due_premiums(trajectory=trajectory, today=date(2025, 7, 10)) == 1
    premiums = list(trajectory.premiums.values_list("due_date", "amount", "status"))
    assert premiums == [
        (date(2024, 7, 10), Decimal("600.00"), "verschuldigd"),
        (date(2025, 1, 10), Decimal("600.00"), "verschuldigd"),
        (date(2025, 7, 10), Decimal("600.00"), "verschuldigd"),
    ]
    assert sum(amount for _, amount, _ in premiums) == Decimal("1800.00")


def test_ending_records_the_premiums_up_to_the_end(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    trajectory = run(client, "participatiebaan", date(2024, 1, 10), date(2025, 12, 31), consulent)
    services.end_trajectory(
        trajectory=trajectory, on=date(2025, 3, 1), outcome="werk_voltijd", by=consulent
    )
    assert list(trajectory.premiums.values_list("due_date", flat=True)) == [
        date(2024, 7, 10),
        date(2025, 1, 10),
    ]
    assert record_all_due_premiums(today=date(2026, 1, 1)) == 0


def test_types_without_a_premium_get_none(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    run(client, "jobcoach", date(2024, 1, 10), date(2025, 12, 31), consulent)
    assert record_all_due_premiums(today=date(2025, 6, 1)) == 0
    assert not PremiumPayment.objects.exists()


def test_a_premium_is_paid_once_and_not_before_it_is_due(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    trajectory = run(client, "participatiebaan", date(2024, 1, 10), date(2025, 12, 31), consulent)
    record_due_premiums(trajectory=trajectory, today=date(2024, 8, 1))
    premium = trajectory.premiums.get()
    with pytest.raises(ValidationError) as error:
        pay_premium(payment=premium, paid_on=date(2024, 7, 9), by=consulent)
    assert "vóór de vervaldatum 10-07-2024" in " ".join(error.value.messages)
    paid = pay_premium(payment=premium, paid_on=date(2024, 7, 20), by=consulent)
    assert (paid.status, paid.paid_on) == ("betaald", date(2024, 7, 20))
    with pytest.raises(ValidationError) as error:
        pay_premium(payment=premium, paid_on=date(2024, 7, 21), by=consulent)
    assert error.value.messages == ["Deze premie is al betaald op 20-07-2024."]


def test_premiums_stop_at_the_allowed_running_time_until_it_is_extended(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    trajectory = run(client, "participatiebaan", date(2022, 1, 3), date(2023, 12, 31), consulent)
    assert record_due_premiums(trajectory=trajectory, today=date(2026, 1, 1)) == 4
    services.extend_trajectory(trajectory=trajectory, by=consulent, approved=True)
    assert record_due_premiums(trajectory=trajectory, today=date(2026, 1, 1)) == 2
    assert trajectory.premiums.count() == 6


def test_the_daily_task_records_due_premiums_once(consulent, wassenaar):
    from trajectories.tasks import record_due_premiums_daily

    client = ClientFactory(municipality=wassenaar)
    trajectory = run(client, "participatiebaan", date(2025, 1, 6), date(2026, 12, 31), consulent)
    expected = len(
        premium_due_dates(
            start=date(2025, 1, 6),
            interval_months=6,
            ended=None,
            today=timezone.localdate(),
            limit=4,
        )
    )
    assert record_due_premiums_daily.delay().get() == expected
    assert record_due_premiums_daily.delay().get() == 0
    assert trajectory.premiums.count() == expected
