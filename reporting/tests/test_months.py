"""Every figure counts the clients that its drill-down lists (reporting/drill.py), for months
computed together and for a month computed alone, and the participatiebanen match a count in
Python.

The data are generated: benefit histories as in test_figures, clients whose birthdays cross the
age limits around month ends (29 February too), assessments that start and end mid-spell,
trajectories that start and end on month boundaries, and participatiebanen."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from categorisation.models import Assessment, Category
from clients.models import BenefitPeriod, Client, EndReason, Household
from core.dates import add_months
from reporting.drill import clients_behind
from reporting.queries import Month, month_figures, months_figures
from reporting.tests.test_figures import START, histories, history_rows
from tests.factories import UserFactory
from trajectories.models import Outcome, Provider, Trajectory, TrajectoryType

pytestmark = pytest.mark.django_db

MONTHS = [Month.of(add_months(START, offset)) for offset in range(18)]  # 10-2023 … 03-2025
# Birthdays that reach 27, 45 or 50 in these months, on and around month ends and 29 February.
BIRTHDAYS = [date(1997, 2, 28), date(1997, 3, 1), date(1997, 6, 30), date(1997, 7, 1),
             date(1980, 2, 29), date(1975, 2, 28), date(1975, 3, 1), date(1974, 11, 30),
             date(1970, 1, 31)]  # fmt: skip

person = st.fixed_dictionaries(
    {
        "date_of_birth": st.sampled_from(BIRTHDAYS),
        "startkwalificatie": st.booleans(),
        "statushouder": st.booleans(),
        "household": st.sampled_from([Household.SINGLE, Household.SINGLE_PARENT]),
        "consulent": st.sampled_from([None, 0, 1]),
        # Assessments: days after START (a month boundary when a multiple of ~30) and category.
        "assessments": st.lists(
            st.tuples(st.sampled_from([0, 31, 45, 92, 121, 200, 366]), st.integers(0, 3)),
            max_size=3,
            unique_by=lambda a: a[0],
        ),
        "closed": st.booleans(),  # the last assessment has an end
        # A trajectory: type, start and length in days (None: running), outcome.
        "trajectory": st.none()
        | st.tuples(
            st.sampled_from(["participatiebaan", "leerwerkplek"]),
            st.sampled_from([-10, 0, 30, 31, 60, 150]),
            st.none() | st.sampled_from([0, 29, 30, 91]),
            st.sampled_from([Outcome.FULL_TIME, Outcome.DROP_OUT]),
        ),
    }
)


EXAMPLE = {"startkwalificatie": False, "statushouder": False, "household": Household.SINGLE,
           "consulent": 0, "assessments": [(0, 1), (92, 2)], "closed": False, "trajectory": None}  # fmt: skip


def drill_counts(municipality, month: Month, figures: dict) -> dict[str, int]:
    """Each figure's drill-down count, keyed as the figures are."""
    count = lambda key: clients_behind(  # noqa: E731
        Client.objects.all(), municipality_id=municipality.pk, month=month, key=key
    ).count()
    result = {key: count(key) for key in ("stand_begin", "instroom", "uitstroom", "stand_eind", "herinstroom")}  # fmt: skip
    for breakdown in ("categorie", "leeftijd", "duur", "doelgroep", "consulent"):
        result[breakdown] = {
            key: count(f"{breakdown}:{key}") for key, n in figures[breakdown].items() if n and (key or breakdown != "consulent")
        }  # fmt: skip
    result["uitstroom_per_groep"] = {g: count(f"uitstroom:{g}") for g in figures["uitstroom_per_groep"]}  # fmt: skip
    for entry in figures["trajecten"]:
        for measure in ("gestart", "lopend", "beeindigd"):
            result[f"{entry['type']}:{measure}"] = count(f"traject:{entry['type']}:{measure}")
    return result


def figure_counts(figures: dict) -> dict:
    result = {key: figures[key] for key in ("stand_begin", "instroom", "uitstroom", "stand_eind", "herinstroom")}  # fmt: skip
    for breakdown in ("categorie", "leeftijd", "duur", "doelgroep", "consulent"):
        result[breakdown] = {key: n for key, n in figures[breakdown].items() if n and (key or breakdown != "consulent")}  # fmt: skip
    result["uitstroom_per_groep"] = figures["uitstroom_per_groep"]
    for entry in figures["trajecten"]:  # the drill-down is per type, over both directions
        for measure in ("gestart", "lopend", "beeindigd"):
            value = entry[measure]
            value = sum(value.values()) if isinstance(value, dict) else value
            key = f"{entry['type']}:{measure}"
            result[key] = result.get(key, 0) + value
    return result


def participatiebaan_oracle(trajectories, municipality, month: Month) -> dict:
    ended = [t for t in trajectories if t.municipality_id == municipality.pk and t.actual_end
             and t.type.code == "participatiebaan"]  # fmt: skip
    per_outcome = lambda test: {  # noqa: E731
        outcome: n
        for outcome in {t.outcome for t in ended}
        if (n := sum(1 for t in ended if t.outcome == outcome and test(t.actual_end)))
    }
    return {
        "maand": per_outcome(lambda end: month.first <= end <= month.last),
        "totaal": per_outcome(lambda end: end <= month.last),
    }


def add_clients(people, rows, consulenten, municipalities) -> list[Trajectory]:
    """Give the generated clients their columns, assessments and trajectories."""
    clients = sorted({row.client_id for row in rows})
    categories = list(Category.objects.order_by("sort_order")[:4])
    provider = Provider.objects.create(name="Aanbieder", kind="extern")
    types = {t.code: t for t in TrajectoryType.objects.all()}
    assessments, trajectories = [], []
    for client_id, attributes in zip(clients, people, strict=False):
        consulent = attributes["consulent"]
        Client.objects.filter(pk=client_id).update(
            date_of_birth=attributes["date_of_birth"],
            startkwalificatie=attributes["startkwalificatie"],
            statushouder=attributes["statushouder"],
            household=attributes["household"],
            consulent=None if consulent is None else consulenten[consulent],
        )
        days = sorted(attributes["assessments"])
        for index, (day, category) in enumerate(days):
            start = START + timedelta(days=day)
            if index + 1 < len(days):
                until = START + timedelta(days=days[index + 1][0])
            else:
                until = start + timedelta(days=45) if attributes["closed"] else None
            assessments.append(Assessment(client_id=client_id, date=start, valid_until=until,
                                          category=categories[category], estimated_months=6, assessed_by=consulenten[0]))  # fmt: skip
        if attributes["trajectory"]:
            code, offset, length, outcome = attributes["trajectory"]
            start = START + timedelta(days=offset)
            end = None if length is None else start + timedelta(days=length)
            trajectories.append(Trajectory(
                client_id=client_id, type=types[code], provider=provider,
                municipality=municipalities[client_id % 2], planned_start=start,
                planned_end=start + timedelta(days=90), actual_start=start, actual_end=end,
                status="afgerond" if end else "lopend", outcome=outcome if end else "",
            ))  # fmt: skip
    Assessment.objects.bulk_create(assessments)
    return Trajectory.objects.bulk_create(trajectories)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(
    histories=histories,
    people=st.lists(person, min_size=5, max_size=5),
    picked=st.lists(st.sampled_from(MONTHS), min_size=1, max_size=3, unique=True),
)
# Always: a 27th birthday on the last day of February 2024, one on 29 February reached in March 2025
# (2025 has no 29 February), spells that start and reach 6 months on a month's first day.
@example(
    histories=[(0, 0, [(0, 10, False, "11")], True), (0, 1, [(0, 10, False, "11")], True)],
    people=[{**EXAMPLE, "date_of_birth": date(1997, 2, 28)}, {**EXAMPLE, "date_of_birth": date(1980, 2, 29)}],
    picked=[Month.of(date(2023, 10, 1)), Month.of(date(2024, 2, 1)), Month.of(date(2024, 3, 1)), Month.of(date(2025, 2, 1)), Month.of(date(2025, 3, 1))],
)  # fmt: skip
def test_the_figures_count_the_clients_of_the_drill_down(histories, people, picked, wassenaar, voorschoten, organisation):  # fmt: skip
    reasons = {code: EndReason.objects.get(code=code) for code in ("11", "32")}
    with transaction.atomic():
        consulenten = [UserFactory(organisation=organisation) for _ in range(2)]
        rows = history_rows(histories, wassenaar, voorschoten, reasons)
        BenefitPeriod.objects.bulk_create(rows)
        trajectories = add_clients(people, rows, consulenten, [wassenaar, voorschoten])
        for municipality in (wassenaar, voorschoten):
            every_month = months_figures(municipality_id=municipality.pk, months=MONTHS)
            some_months = months_figures(municipality_id=municipality.pk, months=picked)
            for month in picked:
                listed = drill_counts(municipality, month, every_month[month])
                participatiebanen = participatiebaan_oracle(trajectories, municipality, month)
                alone = month_figures(municipality_id=municipality.pk, month=month)
                for how, figures in (("18", every_month[month]), ("picked", some_months[month]), ("alone", alone)):  # fmt: skip
                    where = (municipality.name, month.first, how)
                    assert figure_counts(figures) == listed, where
                    assert figures["participatiebaan"] == participatiebanen, where
        transaction.set_rollback(True)
