"""The 30-day rule is per person (DOMAIN §6): a gap in which the person had a benefit from another
municipality is not bridged, so nobody is in two municipalities' stand on one day and
`stand eind = stand begin + instroom − uitstroom` holds with continuity month to month.
Concrete dated cases, each with the spells and the monthly flows it must give."""

from datetime import date

import pytest
from django.db import connection

from clients.models import BenefitPeriod
from core.dates import add_months
from reporting.models import Spell
from reporting.queries import Month, months_figures
from tests.factories import ClientFactory, end_reason

pytestmark = pytest.mark.django_db

W, V = "Wassenaar", "Voorschoten"
D = date
# (case, periods (municipality, start, end), the spells (municipality, start, end) they make)
CASES = [
    ("A → B → A within 30 days: three spells, not one across B",
     [(W, D(2025, 1, 1), D(2025, 3, 5)), (V, D(2025, 3, 10), D(2025, 3, 20)), (W, D(2025, 3, 25), None)],
     [(W, D(2025, 1, 1), D(2025, 3, 5)), (V, D(2025, 3, 10), D(2025, 3, 20)), (W, D(2025, 3, 25), None)]),
    ("A → A within 30 days: one spell with the later end",
     [(W, D(2025, 1, 1), D(2025, 3, 5)), (W, D(2025, 4, 4), D(2025, 6, 30))],
     [(W, D(2025, 1, 1), D(2025, 6, 30))]),
    ("A → A 31 days later: two spells",
     [(W, D(2025, 1, 1), D(2025, 3, 5)), (W, D(2025, 4, 5), None)],
     [(W, D(2025, 1, 1), D(2025, 3, 5)), (W, D(2025, 4, 5), None)]),
    ("a move A → B the next day: a spell in each",
     [(W, D(2025, 1, 1), D(2025, 2, 28)), (V, D(2025, 3, 1), None)],
     [(W, D(2025, 1, 1), D(2025, 2, 28)), (V, D(2025, 3, 1), None)]),
    ("A → A → B → B, each within 30 days: one spell in each",
     [(W, D(2025, 1, 1), D(2025, 1, 31)), (W, D(2025, 2, 10), D(2025, 2, 28)),
      (V, D(2025, 3, 10), D(2025, 3, 31)), (V, D(2025, 4, 20), None)],
     [(W, D(2025, 1, 1), D(2025, 2, 28)), (V, D(2025, 3, 10), None)]),
    ("A → B → A → B within 30 days each: four spells",
     [(W, D(2025, 1, 1), D(2025, 1, 31)), (V, D(2025, 2, 1), D(2025, 2, 10)),
      (W, D(2025, 2, 20), D(2025, 3, 1)), (V, D(2025, 3, 2), None)],
     [(W, D(2025, 1, 1), D(2025, 1, 31)), (V, D(2025, 2, 1), D(2025, 2, 10)),
      (W, D(2025, 2, 20), D(2025, 3, 1)), (V, D(2025, 3, 2), None)]),
]  # fmt: skip
MONTHS = [Month.of(add_months(D(2024, 12, 1), n)) for n in range(8)]


@pytest.fixture
def places(wassenaar, voorschoten):
    return {W: wassenaar, V: voorschoten}


def make(places, periods):
    person = ClientFactory(municipality=places[W])
    for name, start, end in periods:
        BenefitPeriod.objects.create(client=person, municipality=places[name], start=start,
                                     end=end, end_reason=end_reason("32") if end else None)  # fmt: skip
    return person


@pytest.mark.parametrize(("case", "periods", "spells"), CASES, ids=[c[0] for c in CASES])
def test_the_spells_of_one_person(places, case, periods, spells):
    person = make(places, periods)
    names = {m.pk: name for name, m in places.items()}
    stored = sorted(
        (names[s.municipality_id], s.start, s.end) for s in Spell.objects.filter(client=person)
    )
    assert stored == sorted(spells), case
    assert stands_on_one_day() == 0


@pytest.mark.parametrize(("case", "periods", "spells"), CASES, ids=[c[0] for c in CASES])
def test_the_flows_add_up_month_to_month(places, case, periods, spells):
    make(places, periods)
    for name, municipality in places.items():
        figures = months_figures(municipality_id=municipality.pk, months=MONTHS)
        previous = None
        for month in MONTHS:
            f = figures[month]
            assert f["stand_eind"] == f["stand_begin"] + f["instroom"] - f["uitstroom"], (case, name, month)  # fmt: skip
            if previous is not None:
                assert f["stand_begin"] == previous["stand_eind"], (case, name, month)
            # Each spell starting (ending) in the month is one instroom (uitstroom) there.
            assert f["instroom"] == sum(1 for m, s, _e in spells if m == name and month.first <= s <= month.last)  # fmt: skip
            assert f["uitstroom"] == sum(1 for m, _s, e in spells if m == name and e and month.first <= e <= month.last)  # fmt: skip
            previous = f


def test_a_to_b_and_back_is_uitstroom_and_instroom_in_a(places):
    """The issue's case: A ends 5 March, B pays 10–20 March, A again from 25 March."""
    make(places, CASES[0][1])
    march = Month.of(D(2025, 3, 1))
    a = months_figures(municipality_id=places[W].pk, months=[march])[march]
    b = months_figures(municipality_id=places[V].pk, months=[march])[march]
    assert (a["stand_begin"], a["instroom"], a["uitstroom"], a["stand_eind"]) == (1, 1, 1, 1)
    assert a["herinstroom"] == 1  # back within 12 months
    assert (b["stand_begin"], b["instroom"], b["uitstroom"], b["stand_eind"]) == (0, 1, 1, 0)


def stands_on_one_day() -> int:
    """Persons in two spells' stand (any municipalities) on one day: the invariant check, over
    every day a spell starts or ends."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT COUNT(*) FROM reporting_spell a JOIN reporting_spell b
              ON a.client_id = b.client_id AND (a.municipality_id, a.start) < (b.municipality_id, b.start)
             AND a.start <= COALESCE(b."end", 'infinity') AND b.start <= COALESCE(a."end", 'infinity')
        """)
        return cursor.fetchone()[0]
