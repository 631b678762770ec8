"""The monthly figures against a plain Python oracle written from DOMAIN §6, on generated
histories: the 30-day rule, moves between municipalities, periods on month boundaries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from clients.models import BenefitPeriod, Client, EndReason
from core.dates import add_months
from reporting.drill import clients_behind
from reporting.queries import Month, month_figures, months_figures
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

START = date(2023, 10, 1)
MONTHS = [date(2024, m, 1) for m in range(1, 13)]


def oracle_spells(periods, gap: int = 30) -> list[list]:
    """Periods: (client, municipality, start, end or None, reason group or None). Spells:
    [client, municipality, start, end or None, group of the end reason]. Per person (DOMAIN §6):
    a period continues the spell only when the client's previous period, in any municipality,
    is of the same municipality and ended at most `gap` days before."""
    spells: list[list] = []
    current: dict = {}  # client -> its last spell
    for client, municipality, start, end, group in sorted(periods, key=lambda p: (p[0], p[2])):
        last = current.get(client)
        if (
            last
            and last[1] == municipality
            and last[3] is not None
            and (start - last[3]).days <= gap
        ):
            last[3], last[4] = end, group  # one spell: the later end and reason
        else:
            current[client] = [client, municipality, start, end, group]
            spells.append(current[client])
    return spells


def oracle(periods, municipality_id: int, month: date, gap: int = 30) -> dict:
    first, last = month, add_months(month, 1) - timedelta(days=1)
    january = month.replace(month=1)
    spells = [
        (start, end, group)
        for _, municipality, start, end, group in oracle_spells(periods, gap)
        if municipality == municipality_id
    ]

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


def history_rows(histories, first, second, reasons) -> list[BenefitPeriod]:
    """Unsaved benefit periods for generated histories, one new client each."""
    rows = []
    for offset, start_month, spans, running in histories:
        person = ClientFactory(municipality=first)
        day = add_months(START, start_month) + timedelta(days=offset)
        for index, (gap, length, moved, code) in enumerate(spans):
            day += timedelta(days=gap if index else 0)
            end = day + timedelta(days=length)
            if running and index == len(spans) - 1:
                end = None
            rows.append(BenefitPeriod(client=person, municipality=second if moved else first,
                                      start=day, end=end, end_reason=reasons[code] if end else None))  # fmt: skip
            if end is None:
                break
            day = end + timedelta(days=1)
    return rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(histories=histories)
# Always: a restart exactly 30 and 31 days after the end, and a move on a month boundary.
@example(histories=[(0, 3, [(0, 30, False, "11"), (29, 30, False, "11"), (30, 10, False, "32")], True),
                    (-1, 5, [(0, 40, False, "32"), (0, 50, True, "11")], True)])  # fmt: skip
def test_figures_match_the_oracle(histories, wassenaar, voorschoten):
    reasons = {code: EndReason.objects.get(code=code) for code in ("11", "32")}
    with transaction.atomic():
        rows = history_rows(histories, wassenaar, voorschoten, reasons)
        BenefitPeriod.objects.bulk_create(rows)
        periods = [
            (r.client_id, r.municipality_id, r.start, r.end, r.end_reason and r.end_reason.group)
            for r in rows
        ]
        for municipality in (wassenaar, voorschoten):
            # One month at a time, and the twelve months together.
            together = months_figures(municipality_id=municipality.pk, months=[Month.of(m) for m in MONTHS])  # fmt: skip
            for month, figures in [
                *((m, month_figures(municipality_id=municipality.pk, month=Month.of(m))) for m in MONTHS),
                *((m, together[Month.of(m)]) for m in MONTHS),
            ]:  # fmt: skip
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


def test_herinstroom_is_a_return_at_most_12_months_after_the_end(wassenaar):
    """DOMAIN §6: the previous spell ended at most 12 months (365 days, 366 over a 29 February)
    before the new start; one day more is not herinstroom. The drill-down lists the same."""
    werk = EndReason.objects.get(code="11")
    returns = {}
    for name, end, restart in [
        ("365 dagen", date(2024, 3, 31), date(2025, 3, 31)),  # exactly 12 months: herinstroom
        ("366 dagen", date(2024, 3, 30), date(2025, 3, 31)),  # a day more: not
        ("366 over 29-2", date(2023, 3, 1), date(2024, 3, 1)),  # 12 months over 29 Feb: herinstroom
        ("367 over 29-2", date(2023, 2, 28), date(2024, 3, 1)),  # a day more: not
    ]:
        person = ClientFactory(municipality=wassenaar, last_name=name)
        BenefitPeriod.objects.create(client=person, municipality=wassenaar, start=date(2022, 1, 1),
                                     end=end, end_reason=werk)  # fmt: skip
        BenefitPeriod.objects.create(client=person, municipality=wassenaar, start=restart)
        returns[name] = person

    for month, expected in [(date(2025, 3, 1), "365 dagen"), (date(2024, 3, 1), "366 over 29-2")]:
        figures = month_figures(municipality_id=wassenaar.pk, month=Month.of(month))
        assert (figures["instroom"], figures["herinstroom"]) == (2, 1)
        listed = clients_behind(
            Client.objects.all(),
            municipality_id=wassenaar.pk,
            month=Month.of(month),
            key="herinstroom",
        )
        assert list(listed) == [returns[expected]]


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
