"""The monthly figures of a municipality for many months at once: what a build of several
waiting months, and the benchmark's 36 months, use (reporting/services.py).

The definitions are the one-month conditions of reporting/queries.py; one month is computed with
those (`month_figures`). Here each query reads a municipality's rows once for all the months:

- flows are counts of dates below month boundaries: every start and end is put in a bucket
  between the boundaries (width_bucket), and a month's figure sums a range of buckets;
- breakdowns, trajectories and participatiebanen turn each row into intervals of month numbers
  [lo, hi) in which it counts for a figure (a spell in a category, an age band, running), and a
  month's figure counts the intervals that hold it.

So 36 months cost a few times one month, not 36 times. A test holds the figures of many months
against the same months one at a time and against the drill-down (reporting/tests/test_months.py).
"""

from __future__ import annotations

from django.db import connection

from reporting.queries import (
    AGE_BANDS,
    AGE_LIMITS,
    DURATION_BANDS,
    DURATION_LIMITS,
    RETURNS,
    TARGET_GROUPS,
    TRAJECTORY_RULES,
    Month,
    figures_from,
    month_figures,
    use_report_memory,
)
from reporting.spells import ensure_spells

# The bands' boundaries per month, passed as arrays.
BOUNDARIES = [f"age{years}" for years in (*AGE_LIMITS, 50)] + [
    f"months{n}" for n in DURATION_LIMITS
]


def months_params(municipality_id: int, months: list[Month]) -> dict:
    """The months (sorted, numbered 1 … k) as arrays of their boundaries, for the SQL below."""
    firsts = [month.first for month in months]
    afters = [month.after for month in months]
    januaries = [first.replace(month=1) for first in firsts]
    bounds = sorted({*firsts, *afters, *januaries})
    position = {day: index for index, day in enumerate(bounds, start=1)}
    boundaries = [month.params(municipality_id) for month in months]
    return {
        "municipality": municipality_id,
        "k": len(months),
        "firsts": firsts,
        "afters": afters,
        "first_min": firsts[0],
        "after_min": afters[0],
        "after_max": afters[-1],
        "bounds": bounds,
        "bounds_min": bounds[0],
        "bounds_max": bounds[-1],
        "first_at": [position[day] for day in firsts],
        "after_at": [position[day] for day in afters],
        "jan_at": [position[day] for day in januaries],
        **{name: [each[name] for each in boundaries] for name in BOUNDARIES},
    }


# Flows from buckets. width_bucket(d, bounds) is the number of (sorted) boundaries ≤ d, so
# d < bounds[j] exactly when its bucket is below j. Month i has its first day, the day after it and
# its 1 January at positions f, a and j of the boundaries.
MONTHS = """m AS (
    SELECT * FROM unnest(%(first_at)s::int[], %(after_at)s::int[], %(jan_at)s::int[])
        WITH ORDINALITY AS m(f, a, j, i)
)"""


def _bucket(expression: str) -> str:
    """Most dates lie before every boundary: bucket 0 without a search."""
    return f"CASE WHEN {expression} < %(bounds_min)s THEN 0 ELSE width_bucket({expression}, %(bounds)s::date[]) END"


def _count(ended: bool, condition: str) -> str:
    return f"COALESCE(SUM(h.n) FILTER (WHERE {'' if ended else 'NOT '}h.ended AND {condition}), 0)"


def _stand_at(at: str) -> str:
    return f"({_count(False, f'h.b < m.{at}')} - {_count(True, f'h.b < m.{at}')})::int"


# From the (municipality, start) and (municipality, end) indexes alone.
FLOWS_SQL = f"""
WITH {MONTHS}, h AS (
    SELECT FALSE AS ended, {_bucket("s.start")} AS b, COUNT(*) AS n
    FROM reporting_spell s
    WHERE s.municipality_id = %(municipality)s AND s.start < %(bounds_max)s
    GROUP BY 2
    UNION ALL
    SELECT TRUE, {_bucket('s."end"')}, COUNT(*)
    FROM reporting_spell s
    WHERE s.municipality_id = %(municipality)s AND s."end" < %(bounds_max)s
    GROUP BY 2
)
SELECT m.i, {_stand_at("f")}, {_count(False, "h.b >= m.f AND h.b < m.a")}::int,
       {_count(True, "h.b >= m.f AND h.b < m.a")}::int, {_stand_at("a")}, {_stand_at("j")},
       {_count(False, "h.b >= m.j AND h.b < m.a")}::int,
       {_count(True, "h.b >= m.j AND h.b < m.a")}::int
FROM m LEFT JOIN h ON TRUE
GROUP BY m.i
"""  # noqa: S608 - fixed fragments; values are parameters

# Uitstroom by end-reason group, in the month and in its year up to the month's end.
OUTFLOW_SQL = f"""
WITH {MONTHS}, h AS (
    SELECT r."group", width_bucket(s."end", %(bounds)s::date[]) AS b, COUNT(*) AS n
    FROM reporting_spell s LEFT JOIN clients_endreason r ON r.id = s.end_reason_id
    WHERE s.municipality_id = %(municipality)s
      AND s."end" >= %(bounds_min)s AND s."end" < %(bounds_max)s
    GROUP BY 1, 2
)
SELECT m.i, h."group", COALESCE(SUM(h.n) FILTER (WHERE h.b >= m.f), 0)::int, SUM(h.n)::int
FROM m JOIN h ON h.b >= m.j AND h.b < m.a
GROUP BY 1, 2
"""  # noqa: S608

RETURNS_SQL = f"""
WITH {MONTHS}, h AS (
    SELECT width_bucket(s.start, %(bounds)s::date[]) AS b, COUNT(*) AS n
    FROM reporting_spell s
    WHERE s.municipality_id = %(municipality)s
      AND s.start >= %(first_min)s AND s.start < %(after_max)s AND {RETURNS}
    GROUP BY 1
)
SELECT m.i, COALESCE(SUM(h.n), 0)::int FROM m LEFT JOIN h ON h.b >= m.f AND h.b < m.a GROUP BY 1
"""  # noqa: S608


# Intervals of month numbers. A spell is in the stand eind of months [p, q): from the first month
# whose end it starts by, to the first whose next day it has ended before. Likewise a client has
# reached an age from month age27 on, and a spell lasts long enough for a duration band from month
# months6 on: each the first month whose boundary (an array, one per month) the date reaches.
def _from(expression: str, boundaries: str) -> str:
    """The first month whose boundary is above the date; dates before or after every boundary
    need no search."""
    array = f"%({boundaries})s::date[]"
    return (
        f"CASE WHEN {expression} < ({array})[1] THEN 1 WHEN {expression} >= ({array})[%(k)s] "
        f"THEN %(k)s + 1 ELSE width_bucket({expression}, {array}) + 1 END"
    )


def _until(expression: str, boundaries: str) -> str:
    """As _from, for a date that may be empty: then after the last month."""
    return f"COALESCE({_from(expression, boundaries)}, %(k)s + 1)"


def _within(expression: str) -> str:
    """A month number kept within the stand [p, q): the bands outside it do not count."""
    return f"LEAST(GREATEST({expression}, p), q)"


def _bands(kind: int, limits: list[str]) -> list[str]:
    """(breakdown, band, lo, hi) for each band between the limits (already within [p, q))."""
    bounds = ["g.p", *[f"g.{limit}" for limit in limits], "g.q"]
    return [f"({kind}, {band}, {bounds[band]}, {bounds[band + 1]})" for band in range(len(limits) + 1)]  # fmt: skip


AGES = [f"age{years}" for years in AGE_LIMITS]
DURATIONS = [f"months{months}" for months in DURATION_LIMITS]
BREAKDOWNS = ["leeftijd", "duur", "doelgroep", "consulent", "categorie"]


def _changes(intervals: str, keys: str) -> str:
    """An interval [lo, hi) of n adds n from month lo on and takes it off again from month hi."""
    starts = f"SELECT {keys}, lo AS at, n AS d FROM {intervals} WHERE lo < hi"  # noqa: S608
    ends = f"SELECT {keys}, hi, -n FROM {intervals} WHERE lo < hi AND hi <= %(k)s"  # noqa: S608
    return f"{starts} UNION ALL {ends}"


def _per_month(changes: str, keys: str) -> str:
    """Each month's count per key: the running sum of the changes, held from the month of one
    change until the next (a handful of rows per key, however many rows they came from). Months
    where a key counts nothing are left out."""
    return f""", changes AS ({changes}), per_change AS (
    SELECT {keys}, at, SUM(d) AS d FROM changes GROUP BY {keys}, at
), running AS (
    SELECT {keys}, at, SUM(d) OVER key_order AS count,
           LEAD(at, 1, %(k)s + 1) OVER key_order AS next
    FROM per_change
    WINDOW key_order AS (PARTITION BY {keys} ORDER BY at)
)
SELECT i, {keys}, count::int
FROM running CROSS JOIN LATERAL generate_series(at, next - 1) i
WHERE count <> 0
"""  # noqa: S608


# The stand eind by age band, duration band, target group and consulent, and by the category in
# force on the last day (where a spell and an assessment meet; the stand without one is
# "onbekend"). The limits are kept within each spell's stand, so spells whose bands change in the
# same months are counted together before they become intervals.
BREAKDOWN_SQL = f"""
WITH s AS MATERIALIZED (
    SELECT * FROM (
        SELECT s.client_id, s.consulent_id, s.startkwalificatie, s.statushouder,
               s.household = 'alleenstaande_ouder' AS single_parent,
               {_from("s.start", "afters")} AS p, {_until('s."end"', "afters")} AS q,
               {", ".join(f"{_from('s.date_of_birth - 1', name)} AS {name}" for name in [*AGES, "age50"])},
               {", ".join(f"{_from('s.start - 1', name)} AS {name}" for name in DURATIONS)}
        FROM reporting_spell s
        WHERE s.municipality_id = %(municipality)s AND s.start < %(after_max)s
          AND (s."end" IS NULL OR s."end" >= %(after_min)s)
    ) s
    WHERE p < q
), intervals AS MATERIALIZED (
    SELECT e.breakdown, e.value, e.lo, e.hi, g.n
    FROM (
        SELECT p, q, startkwalificatie, {", ".join(f"{_within(name)} AS {name}" for name in [*AGES, "age50"])},
               COUNT(*) AS n
        FROM s GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    ) g CROSS JOIN LATERAL (VALUES
        {", ".join(_bands(0, AGES))}, (2, 0, g.age50, g.q),
        (2, 1, g.p, CASE WHEN g.startkwalificatie THEN g.p ELSE g.age27 END)
    ) e(breakdown, value, lo, hi)
    UNION ALL
    SELECT e.breakdown, e.value, e.lo, e.hi, g.n
    FROM (
        SELECT p, q, {", ".join(f"{_within(name)} AS {name}" for name in DURATIONS)}, COUNT(*) AS n
        FROM s GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    ) g CROSS JOIN LATERAL (VALUES {", ".join(_bands(1, DURATIONS))}) e(breakdown, value, lo, hi)
    UNION ALL
    SELECT 2, 2, p, q, COUNT(*) FROM s WHERE statushouder GROUP BY p, q
    UNION ALL
    SELECT 2, 3, p, q, COUNT(*) FROM s WHERE single_parent GROUP BY p, q
    UNION ALL
    SELECT 4, c.category_id, c.lo, c.hi, COUNT(*) FROM (
        SELECT a.category_id, GREATEST(s.p, {_from("a.date", "afters")}) AS lo,
               LEAST(s.q, {_until("a.valid_until", "afters")}) AS hi
        FROM s JOIN categorisation_assessment a ON a.client_id = s.client_id
         AND a.date < %(after_max)s AND (a.valid_until IS NULL OR a.valid_until >= %(after_min)s)
    ) c
    GROUP BY 1, 2, 3, 4
)""" + _per_month(  # noqa: S608
    f"""{_changes("intervals", "breakdown, value")}
    UNION ALL SELECT 3, consulent_id, p, COUNT(*) FROM s GROUP BY 2, 3
    UNION ALL SELECT 3, consulent_id, q, -COUNT(*) FROM s WHERE q <= %(k)s GROUP BY 2, 3""",  # noqa: S608
    "breakdown, value",
)


# A trajectory counts as started (ended) in month i when its first (last) day lies in it: between
# the i-th first day and the day after that month.
def _month_of(column: str) -> str:
    bucket = f"width_bucket({column}, %(firsts)s::date[])"
    return (
        f"CASE WHEN {column} >= %(first_min)s AND {column} < %(after_max)s "
        f"AND {column} < (%(afters)s::date[])[{bucket}] THEN {bucket} END"
    )


# Trajectories counted per type, direction, outcome and months first, then turned into intervals.
TRAJECTORIES_SQL = f"""
WITH intervals AS MATERIALIZED (
    SELECT t.type_id, t.direction, e.measure, e.outcome, e.lo, e.hi, SUM(t.n) AS n
    FROM (
        SELECT t.type_id, r.direction, t.outcome, {_month_of("t.actual_start")} AS started,
               {_month_of("t.actual_end")} AS ended, {_from("t.actual_start", "afters")} AS p,
               {_until("t.actual_end", "afters")} AS q, COUNT(*) AS n
        FROM trajectories_trajectory t LEFT JOIN {TRAJECTORY_RULES}
        WHERE t.municipality_id = %(municipality)s AND t.actual_start < %(after_max)s
          AND (t.actual_end IS NULL OR t.actual_end >= %(first_min)s)
        GROUP BY 1, 2, 3, 4, 5, 6, 7
    ) t CROSS JOIN LATERAL (VALUES
        ('gestart', NULL, t.started, t.started + 1),
        ('beeindigd', t.outcome, t.ended, t.ended + 1),
        ('lopend', NULL, t.p, t.q)
    ) e(measure, outcome, lo, hi)
    GROUP BY 1, 2, 3, 4, 5, 6
)""" + _per_month(  # noqa: S608
    _changes("intervals", "type_id, direction, measure, outcome"),
    "type_id, direction, measure, outcome",
)

# Participatiebanen ended, by outcome: in the month, and in total up to the month's end.
PARTICIPATIEBAAN_SQL = f"""
WITH intervals AS MATERIALIZED (
    SELECT e.measure, t.outcome, e.lo, e.hi, COUNT(*) AS n
    FROM (
        SELECT t.outcome, {_month_of("t.actual_end")} AS ended,
               {_from("t.actual_end", "afters")} AS done
        FROM trajectories_trajectory t JOIN trajectories_trajectorytype k ON k.id = t.type_id
        WHERE t.municipality_id = %(municipality)s AND k.code = 'participatiebaan'
          AND t.actual_end < %(after_max)s
    ) t CROSS JOIN LATERAL (VALUES
        ('maand', t.ended, t.ended + 1),
        ('totaal', t.done, %(k)s + 1)
    ) e(measure, lo, hi)
    GROUP BY 1, 2, 3, 4
)""" + _per_month(_changes("intervals", "measure, outcome"), "measure, outcome")  # noqa: S608


def months_figures(*, municipality_id: int, months: list[Month]) -> dict[Month, dict]:
    """The figures of each of the months, as `month_figures` gives them for one. Run it in one
    REPEATABLE READ transaction for figures of one moment."""
    months = sorted(set(months), key=lambda month: month.first)
    if len(months) == 1:
        return {months[0]: month_figures(municipality_id=municipality_id, month=months[0])}
    ensure_spells()
    params = months_params(municipality_id, months)
    results = {}
    with connection.cursor() as cursor:
        use_report_memory(cursor)
        for name, sql in QUERIES.items():
            cursor.execute(sql, params)
            results[name] = cursor.fetchall()
    per_month = {i: {name: [] for name in QUERIES} for i in range(1, len(months) + 1)}
    for name, rows in results.items():
        for row in rows:
            per_month[row[0]][name].append(row[1:])
    return {month: _figures(**per_month[i]) for i, month in enumerate(months, start=1)}


QUERIES = {
    "flows": FLOWS_SQL,
    "outflow": OUTFLOW_SQL,
    "returns": RETURNS_SQL,
    "breakdown": BREAKDOWN_SQL,
    "trajectories": TRAJECTORIES_SQL,
    "participatiebaan": PARTICIPATIEBAAN_SQL,
}


def _figures(*, flows, outflow, returns, breakdown, trajectories, participatiebaan) -> dict:
    """One month's figures from its rows of each query (the month number taken off)."""
    ((*flow_counts,),) = flows
    ((herinstroom,),) = returns
    measures = ("gestart", "beeindigd", "lopend")
    return figures_from(
        flows=flow_counts,
        outflow=outflow,
        returns=herinstroom,
        breakdowns=_breakdowns(breakdown, stand=flow_counts[3]),
        # As the one-month rows: type, direction, outcome if ended, started, ended, running.
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


def _breakdowns(rows, *, stand: int) -> dict:
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
