"""Fixtures shared by the reporting tests."""

from datetime import date, timedelta

import pytest

from categorisation.models import Assessment, Category
from tests.factories import BenefitPeriodFactory, ClientFactory, end_reason
from trajectories.models import Provider, Trajectory, TrajectoryType


@pytest.fixture
def history(wassenaar, voorschoten, consulent, organisation):
    """Wassenaar in and around March 2025: running benefits, a client with two spells this year
    (year-to-date instroom counts spells), a move to Voorschoten and back within 30 days, ends
    by werk and verhuizing, assessments in two categories (one later withdrawn) and
    trajectories of two types, started, running and ended with an outcome."""
    werk, verhuizing = end_reason("11"), end_reason("32")
    categories = list(Category.objects.order_by("sort_order")[:2])
    provider = Provider.objects.create(name="Aanbieder", kind="extern")
    types = list(TrajectoryType.objects.order_by("pk")[:2])
    people = {}
    for name, born, spans in [
        ("Al", date(1960, 3, 31), [(date(2020, 1, 1), None, None)]),
        ("Bo", date(2000, 3, 1), [(date(2025, 1, 5), date(2025, 1, 31), werk),
                                  (date(2025, 3, 10), None, None)]),
        ("Cas", date(1990, 7, 1), [(date(2024, 6, 1), date(2025, 3, 14), verhuizing)]),
        ("Dirk", date(1985, 1, 1), [(date(2024, 11, 1), date(2025, 2, 27), verhuizing),
                                    (date(2025, 3, 1), date(2025, 3, 9), None, "v"),
                                    (date(2025, 3, 20), None, None)]),
        ("Eva", date(1970, 2, 28), [(date(2023, 2, 1), date(2025, 3, 31), werk)]),
    ]:  # fmt: skip
        person = ClientFactory(municipality=wassenaar, last_name=name, date_of_birth=born,
                               consulent=consulent)  # fmt: skip
        for start, end, reason, *elsewhere in spans:
            BenefitPeriodFactory(client=person, start=start, end=end, end_reason=reason or (verhuizing if end else None),
                                 municipality=voorschoten if elsewhere else wassenaar)  # fmt: skip
        people[name] = person
    for index, name in enumerate(["Al", "Bo", "Eva"]):
        Assessment.objects.create(client=people[name], date=date(2024, 12, 1), category=categories[index % 2],
                                  estimated_months=6, assessed_by=consulent)  # fmt: skip
    for name, kind, start, end, outcome in [
        ("Al", types[0], date(2025, 3, 3), None, ""),
        ("Bo", types[0], date(2025, 1, 6), date(2025, 3, 20), "volledig"),
        ("Eva", types[1], date(2025, 2, 1), None, ""),
    ]:
        Trajectory.objects.create(
            client=people[name], type=kind, provider=provider, municipality=wassenaar,
            planned_start=start, planned_end=start + timedelta(days=90), actual_start=start,
            actual_end=end, status="afgerond" if end else "lopend", outcome=outcome,
        )  # fmt: skip
    return people
