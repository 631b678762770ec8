"""The monthly figures against a plain Python oracle written from DOMAIN §6, on generated
histories: the 30-day rule, moves between municipalities, periods on month boundaries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from clients.models import BenefitPeriod, EndReason
from organisations.dates import add_months
from reporting.queries import Month, month_figures
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

START = date(2023, 10, 1)
MONTHS = [date(2024, m, 1) for m in range(1, 13)]


def oracle(periods, municipality_id: int, month: date, gap: int = 30) -> dict:
    """Periods: (client, municipality, start, end or None, reason group or None)."""
    first, last = month, add_months(month, 1) - timedelta(days=1)
    january = month.replace(month=1)
    spells = []
    by_client: dict = {}
    for client, municipality, start, end, group in sorted(periods, key=lambda p: (p[0], p[2])):
        if municipality == municipality_id:
            by_client.setdefault(client, []).append([start, end, group])
    for rows in by_client.values():
        current = None
        for start, end, group in rows:
            if current and current[1] is not None and (start - current[1]).days <= gap:
                current[1], current[2] = end, group  # one spell: the later end and reason
            else:
                current = [start, end, group]
                spells.append(current)

    def count(test):
        return sum(1 for start, end, group in spells if test(start, end, group))

    return {
        "stand_begin": count(lambda s, e, g: s < first and (e is None or e >= first)),
        "instroom": count(lambda s, e, g: first <= s <= last),
        "uitstroom": count(lambda s, e, g: e is not None and first <= e <= last),
        "werk": count(lambda s, e, g: e is not None and first <= e <= last and g == "werk"),
        "stand_eind": count(lambda s, e, g: s <= last and (e is None or e > last)),
        "stand_1_januari": count(lambda s, e, g: s < january and (e is None or e >= january)),
        "instroom_jaar": count(lambda s, e, g: january <= s <= last),
    }


# One client's history: periods separated by gaps around the 30-day rule, each in one of two
# municipalities (a move), ending with werk (11) or verhuizing (32), the last maybe running.
period = st.tuples(
    # Days between the previous end and this start, minus one: around the 30-day rule mostly.
    st.one_of(st.sampled_from([0, 28, 29, 30, 31]), st.integers(min_value=0, max_value=120)),
    st.integers(min_value=0, max_value=200),  # length in days - 1
    st.booleans(),  # in the second municipality
    st.sampled_from(["11", "32"]),
)
histories = st.lists(
    st.tuples(
        st.sampled_from([0, -1, 27, 28]),  # offset from a month's first day: boundaries
        st.integers(min_value=0, max_value=14),  # start month after START
        st.lists(period, min_size=1, max_size=4),
        st.booleans(),  # the last period still running
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(histories=histories)
# Always: a restart exactly 30 and 31 days after the end, and a move on a month boundary.
@example(histories=[(0, 3, [(0, 30, False, "11"), (29, 30, False, "11"), (30, 10, False, "32")], True),
                    (-1, 5, [(0, 40, False, "32"), (0, 50, True, "11")], True)])  # fmt: skip
def test_figures_match_the_oracle(histories, wassenaar, voorschoten):
    reasons = {code: EndReason.objects.get(code=code) for code in ("11", "32")}
    with transaction.atomic():
        periods, rows = [], []
        for offset, start_month, spans, running in histories:
            person = ClientFactory(municipality=wassenaar)
            day = add_months(START, start_month) + timedelta(days=offset)
            for index, (gap, length, second, code) in enumerate(spans):
                day += timedelta(days=gap if index else 0)
                end = day + timedelta(days=length)
                if running and index == len(spans) - 1:
                    end = None
                municipality = voorschoten if second else wassenaar
                group = reasons[code].group if end else None
                rows.append(BenefitPeriod(client=person, municipality=municipality, start=day,
                                          end=end, end_reason=reasons[code] if end else None))  # fmt: skip
                periods.append((person.pk, municipality.pk, day, end, group))
                if end is None:
                    break
                day = end + timedelta(days=1)
        BenefitPeriod.objects.bulk_create(rows)
        for municipality in (wassenaar, voorschoten):
            for month in MONTHS:
                figures = month_figures(municipality_id=municipality.pk, month=Month.of(month))
                expected = oracle(periods, municipality.pk, month)
                assert {
                    "stand_begin": figures["stand_begin"],
                    "instroom": figures["instroom"],
                    "uitstroom": figures["uitstroom"],
                    "werk": figures["uitstroom_per_groep"].get("werk", 0),
                    "stand_eind": figures["stand_eind"],
                    "stand_1_januari": figures["jaar"]["stand_1_januari"],
                    "instroom_jaar": figures["jaar"]["instroom"],
                } == expected, (municipality.name, month)
        transaction.set_rollback(True)


def test_a_restart_within_30_days_is_one_spell(wassenaar):
    person = ClientFactory(municipality=wassenaar)
    werk = EndReason.objects.get(code="11")
    BenefitPeriod.objects.create(client=person, municipality=wassenaar, start=date(2024, 1, 10),
                                 end=date(2024, 2, 10), end_reason=werk)  # fmt: skip
    # 30 days after the end: the same spell. 31 days: a new one.
    BenefitPeriod.objects.create(client=person, municipality=wassenaar, start=date(2024, 3, 11),
                                 end=date(2024, 4, 5), end_reason=werk)  # fmt: skip
    BenefitPeriod.objects.create(client=person, municipality=wassenaar, start=date(2024, 5, 6))

    feb = month_figures(municipality_id=wassenaar.pk, month=Month.of(date(2024, 2, 1)))
    mar = month_figures(municipality_id=wassenaar.pk, month=Month.of(date(2024, 3, 1)))
    apr = month_figures(municipality_id=wassenaar.pk, month=Month.of(date(2024, 4, 1)))
    may = month_figures(municipality_id=wassenaar.pk, month=Month.of(date(2024, 5, 1)))

    assert (feb["uitstroom"], feb["stand_eind"]) == (0, 1)
    assert (mar["instroom"], mar["stand_eind"]) == (0, 1)
    assert (apr["uitstroom"], apr["uitstroom_per_groep"], apr["stand_eind"]) == (1, {"werk": 1}, 0)
    assert (may["instroom"], may["herinstroom"], may["stand_eind"]) == (1, 1, 1)


def test_the_restart_days_are_a_setting(wassenaar, settings):
    settings.OPSTAP_REPORT_RESTART_DAYS = 10
    person = ClientFactory(municipality=wassenaar)
    werk = EndReason.objects.get(code="11")
    BenefitPeriod.objects.create(client=person, municipality=wassenaar, start=date(2024, 1, 10),
                                 end=date(2024, 2, 10), end_reason=werk)  # fmt: skip
    BenefitPeriod.objects.create(client=person, municipality=wassenaar, start=date(2024, 3, 1))

    feb = month_figures(municipality_id=wassenaar.pk, month=Month.of(date(2024, 2, 1)))
    assert (feb["uitstroom"], feb["stand_eind"]) == (1, 0)


def test_the_duration_counts_from_the_start_of_the_spell(wassenaar):
    person = ClientFactory(municipality=wassenaar, date_of_birth=date(1970, 5, 1))
    werk = EndReason.objects.get(code="11")
    BenefitPeriod.objects.create(client=person, municipality=wassenaar, start=date(2021, 1, 1),
                                 end=date(2021, 6, 30), end_reason=werk)  # fmt: skip
    BenefitPeriod.objects.create(client=person, municipality=wassenaar, start=date(2021, 7, 15))

    march = month_figures(municipality_id=wassenaar.pk, month=Month.of(date(2024, 3, 1)))

    assert march["duur"] == {"3-4 jaar": 1}  # since January 2021, not July
    assert march["leeftijd"] == {"45 tot 55": 1}
    assert march["doelgroep"]["50plus"] == 1  # 53 on the last day
