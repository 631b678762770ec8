"""What the monthly figures are made of (DOMAIN §6, after CBS's BUS): the month and its
boundaries, the bands, and the figures as a report run stores them. The SQL that computes them,
for one month or many, is reporting/months.py; the drill-down (reporting/drill.py) lists the
clients behind a figure with the same conditions.

All flows count spells (reporting_spell, kept by triggers: see reporting/spells.py), each from its
start to its end, the last day with benefit:

- stand on a day B: start < B and (no end or end ≥ B); stand begin is the stand on the first day
  of the month, stand eind on the day after its last;
- instroom: start in the month; uitstroom: end in the month.

So stand eind = stand begin + instroom − uitstroom for every month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import connection

from core.dates import add_months
from reporting.months import (
    BREAKDOWN_SQL,
    FLOWS_SQL,
    ONE_MONTH_BREAKDOWN_SQL,
    OUTFLOW_SQL,
    RETURNS_SQL,
    TARGET_GROUPS,
    months_params,
)
from reporting.spells import ensure_spells
from reporting.trajectory_months import (
    ONE_MONTH_PARTICIPATIEBAAN_SQL,
    ONE_MONTH_TRAJECTORIES_SQL,
    PARTICIPATIEBAAN_SQL,
    TRAJECTORIES_SQL,
    TRAJECTORY_MEASURES,
)

AGE_BANDS = ["tot 27", "27 tot 35", "35 tot 45", "45 tot 55", "55 en ouder"]
DURATION_BANDS = ["0-6 maanden", "6-12 maanden", "1-2 jaar", "2-3 jaar", "3-4 jaar", "4-5 jaar", "5 jaar en langer"]  # fmt: skip
BREAKDOWNS = ["leeftijd", "duur", "doelgroep", "consulent", "categorie"]

# One query per figure family (reporting/months.py, reporting/trajectory_months.py). One month
# reads the spells' breakdown at month 1 and the trajectories' intervals that hold month 1,
# without summing changes per month.
QUERIES = {
    "flows": FLOWS_SQL,
    "outflow": OUTFLOW_SQL,
    "returns": RETURNS_SQL,
    "breakdown": BREAKDOWN_SQL,
    "trajectories": TRAJECTORIES_SQL,
    "participatiebaan": PARTICIPATIEBAAN_SQL,
}
ONE_MONTH_QUERIES = {
    **QUERIES,
    "breakdown": ONE_MONTH_BREAKDOWN_SQL,
    "trajectories": ONE_MONTH_TRAJECTORIES_SQL,
    "participatiebaan": ONE_MONTH_PARTICIPATIEBAAN_SQL,
}


@dataclass(frozen=True)
class Month:
    first: date
    last: date

    @classmethod
    def of(cls, day: date) -> Month:
        first = day.replace(day=1)
        return cls(first, add_months(first, 1) - timedelta(days=1))

    @property
    def after(self) -> date:
        return self.last + timedelta(days=1)


def use_report_memory(cursor) -> None:
    """Memory for the breakdown's hash tables (every assessment in force on the last day), for
    the rest of the transaction: without it they spill to disk and the aggregate sorts."""
    cursor.execute("SELECT set_config('work_mem', %s, true)", [settings.OPSTAP_REPORT_WORK_MEM])


def figures_from(*, flows, outflow, returns, breakdowns, trajectories, participatiebaan) -> dict:
    """The figures as stored in a report run, from the counts of one month: the seven flows,
    uitstroom rows (group, month, year), trajectory rows (type, direction, outcome if ended,
    started, ended, running); breakdowns and participatiebanen already by key."""
    begin, inflow, outflow_total, end, january, inflow_ytd, outflow_ytd = flows
    return {
        "stand_begin": begin,
        "instroom": inflow,
        "uitstroom": outflow_total,
        "stand_eind": end,
        "uitstroom_per_groep": {group or "onbekend": count for group, count, _ in outflow if count},
        "herinstroom": returns,
        "jaar": {
            "stand_1_januari": january,
            "instroom": inflow_ytd,
            "uitstroom": outflow_ytd,
            "uitstroom_werk": sum(year for group, _, year in outflow if group == "werk"),
        },
        **breakdowns,
        "trajecten": trajectories_by_type(trajectories),
        "participatiebaan": participatiebaan,
    }


def trajectories_by_type(rows) -> list[dict]:
    by_type: dict[tuple, dict] = {}
    for type_id, direction, outcome, started, ended, running in rows:
        entry = by_type.setdefault(
            (type_id, direction),
            {"type": type_id, "richting": direction, "gestart": 0, "beeindigd": {}, "lopend": 0},
        )
        entry["gestart"] += started
        entry["lopend"] += running
        if ended:
            entry["beeindigd"][outcome] = entry["beeindigd"].get(outcome, 0) + ended
    # In a fixed order, so that two builds of the same data store the same snapshot.
    return [by_type[key] for key in sorted(by_type, key=lambda key: (key[0], key[1] or ""))]


def one_month_breakdown(rows) -> list[tuple]:
    """The one-month aggregate's rows (consulent, category, age band, duration band, groups,
    count) as the many-month query gives them: (month 1, breakdown, value, count)."""
    counts: dict[tuple, int] = {}

    def add(breakdown: int, value, count: int) -> None:
        counts[breakdown, value] = counts.get((breakdown, value), 0) + count

    for consulent, category, age, duration, groups, count in rows:
        if age is None:  # the (consulent_id) grouping set
            add(3, consulent, count)
            continue
        if category is not None:  # without one: "onbekend", the stand less the categorised
            add(4, category, count)
        add(0, age, count)
        add(1, duration, count)
        for bit in range(len(TARGET_GROUPS)):
            if groups & (1 << bit):
                add(2, bit, count)
    return [(1, breakdown, value, count) for (breakdown, value), count in counts.items()]


def breakdowns(rows, *, stand: int) -> dict:
    """One month's breakdowns from its rows (breakdown, value, count)."""
    result: dict = {name: {} for name in BREAKDOWNS}
    labels = {0: AGE_BANDS, 1: DURATION_BANDS, 2: list(TARGET_GROUPS)}
    for breakdown, value, count in rows:
        key = (
            labels[breakdown][value]
            if breakdown in labels
            else ("" if value is None else str(value))
        )
        result[BREAKDOWNS[breakdown]][key] = count
    result["doelgroep"] = {name: result["doelgroep"].get(name, 0) for name in TARGET_GROUPS}
    unknown = stand - sum(result["categorie"].values())
    if unknown:
        result["categorie"][""] = unknown
    return result


def months_figures(*, municipality_id: int, months: list[Month]) -> dict[Month, dict]:
    """The figures of each of the months. Run it in one REPEATABLE READ transaction for figures
    of one moment."""
    months = sorted(set(months), key=lambda month: month.first)
    ensure_spells()
    params = months_params(municipality_id, months)
    queries = ONE_MONTH_QUERIES if len(months) == 1 else QUERIES
    results = {}
    with connection.cursor() as cursor:
        use_report_memory(cursor)
        for name, sql in queries.items():
            cursor.execute(sql, params)
            results[name] = cursor.fetchall()
    if len(months) == 1:
        results["breakdown"] = one_month_breakdown(results["breakdown"])
    per_month = {i: {name: [] for name in QUERIES} for i in range(1, len(months) + 1)}
    for name, rows in results.items():
        for row in rows:
            per_month[row[0]][name].append(row[1:])
    return {month: _figures(**per_month[i]) for i, month in enumerate(months, start=1)}


def month_figures(*, municipality_id: int, month: Month) -> dict:
    """Every figure of one municipality-month as plain JSON-able data (ids and codes; names are
    added by the caller): the months' queries with one month."""
    return months_figures(municipality_id=municipality_id, months=[month])[month]


def _figures(*, flows, outflow, returns, breakdown, trajectories, participatiebaan) -> dict:
    """One month's figures from its rows of each query (the month number taken off)."""
    ((*flow_counts,),) = flows
    ((herinstroom,),) = returns
    measures = list(TRAJECTORY_MEASURES)
    return figures_from(
        flows=flow_counts,
        outflow=outflow,
        returns=herinstroom,
        breakdowns=breakdowns(breakdown, stand=flow_counts[3]),
        # Per type, direction, outcome if ended: started, ended, running.
        trajectories=[
            (type_id, direction, outcome, *(count if m == measure else 0 for m in measures))
            for type_id, direction, measure, outcome, count in trajectories
        ],
        participatiebaan={
            measure: {
                outcome: count for kind, outcome, count in participatiebaan if kind == measure
            }
            for measure in ("maand", "totaal")
        },
    )
