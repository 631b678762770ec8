"""The monthly figures of a municipality, in PostgreSQL: one SQL definition per figure family,
for any number of months (DOMAIN §6, after CBS's BUS; docs/reporting.md). One month is these
queries with one month (`month_figures`); a build of several waiting months, and the benchmark's
36, pass them all at once (`months_figures`, reporting/services.py).

The months are numbered 1 … k in order and passed as arrays of their boundaries. Each query reads
a municipality's rows once for all the months:

- flows: every start and end falls in a bucket between the sorted first days, days-after and
  1 Januaries of the months (width_bucket); a flow is a condition on those buckets (`FLOWS`);
- breakdowns, trajectories and participatiebanen turn each row into intervals of month numbers
  [lo, hi) in which it counts for a figure (a spell in a category, an age band, running), and a
  month's figure counts the intervals that hold it: summed as changes per month with a window
  for many months, and for one month (where the window has nothing to gain) read directly, the
  spells' breakdown as one hash aggregate (`ONE_MONTH_BREAKDOWN_SQL`).

Trajectories and participatiebanen: reporting/trajectory_months.py, with the same intervals. The
drill-down (reporting/drill.py) lists the clients behind a figure with the same conditions at its
month (`FLOWS`, `in_stand`, `age_band`, ...), so it lists as many as the figure counts.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from categorisation.queries import ASSESSMENTS
from clients.queries import END_REASONS
from core.dates import add_months, add_years

if TYPE_CHECKING:
    from reporting.queries import Month

# Bands by comparing dates with boundaries computed per month (months_params), the same calendar
# arithmetic as the Python rules (add_years, add_months): no function call per row. A band is a
# number, the index in its list of labels (reporting/queries.py): how many limits the client (or
# the spell) has reached.
AGE_LIMITS = [27, 35, 45, 55]
DURATION_LIMITS = [6, 12, 24, 36, 48, 60]  # months of the spell up to the end of the month
# Target groups on the last day, as in clients.models.ClientQuerySet.in_target_group: the
# conditions are target_groups_at below.
TARGET_GROUPS = ["50plus", "jongere", "statushouder", "alleenstaande_ouder"]

# Herinstroom: instroom whose previous spell in the same municipality ended at most 12 calendar
# months before the new start (365 days, 366 over a 29 February; DOMAIN §6).
RETURNS = """EXISTS (
    SELECT 1 FROM reporting_spell p
    WHERE p.client_id = s.client_id AND p.municipality_id = s.municipality_id
      AND p."end" < s.start AND p."end" >= s.start - INTERVAL '12 months'
)"""
DAY = timedelta(days=1)
AGES_USED = (*AGE_LIMITS, 50)  # 50: the target group 50plus


def months_params(municipality_id: int, months: list[Month]) -> dict:
    """The months (sorted, numbered 1 … k) as arrays of their boundaries, for the SQL below."""
    firsts = [month.first for month in months]
    afters = [month.after for month in months]
    januaries = [first.replace(month=1) for first in firsts]
    bounds = sorted({*firsts, *afters, *januaries})
    position = {day: index for index, day in enumerate(bounds, start=1)}
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
        # The first birthday too late to have reached an age on the month's last day, and the
        # first start too late to have lasted a number of months by the month's end.
        **{f"age{years}": [add_years(m.last, -years) + DAY for m in months] for years in AGES_USED},
        **{f"months{n}": [add_months(m.after, -n) + DAY for m in months] for n in DURATION_LIMITS},
    }


# Month i has its first day, the day after it and its 1 January at positions f, a and j of the
# boundaries.
MONTHS = """m AS (
    SELECT * FROM unnest(%(first_at)s::int[], %(after_at)s::int[], %(jan_at)s::int[])
        WITH ORDINALITY AS m(f, a, j, i)
)"""


def _bucket(expression: str) -> str:
    """width_bucket(d, bounds) is the number of (sorted) boundaries ≤ d, so d < bounds[x] exactly
    when its bucket is below x. Most dates lie before every boundary: bucket 0 without a search."""
    return f"CASE WHEN {expression} < %(bounds_min)s THEN 0 ELSE width_bucket({expression}, %(bounds)s::date[]) END"  # fmt: skip


def _stand(at: str) -> str:
    """Spells running on the boundary day: started before it, not ended before it."""
    return f"(sb < {at} AND (eb IS NULL OR eb >= {at}))"


# The flows of month m, on the buckets of a spell's start (sb) and end (eb, empty when running).
FLOWS = {
    "stand_begin": _stand("m.f"),
    "instroom": "(sb >= m.f AND sb < m.a)",
    "uitstroom": "(eb >= m.f AND eb < m.a)",
    "stand_eind": _stand("m.a"),
    "jaar:stand_1_januari": _stand("m.j"),
    "jaar:instroom": "(sb >= m.j AND sb < m.a)",
    "jaar:uitstroom": "(eb >= m.j AND eb < m.a)",
}
SPELL_BUCKETS = f"{_bucket('s.start')} AS sb, " + _bucket('s."end"') + " AS eb"

# From the (municipality, start) index alone (it includes the end): the spells counted by their
# two buckets (a few thousand pairs), then each flow of each month sums its pairs.
FLOWS_SQL = f"""
WITH {MONTHS}, h AS (
    SELECT sb, eb, COUNT(*) AS n FROM (
        SELECT {SPELL_BUCKETS} FROM reporting_spell s
        WHERE s.municipality_id = %(municipality)s AND s.start < %(bounds_max)s
    ) s
    GROUP BY 1, 2
)
SELECT m.i, {", ".join(f"COALESCE(SUM(h.n) FILTER (WHERE {flow}), 0)::int" for flow in FLOWS.values())}
FROM m LEFT JOIN h ON TRUE
GROUP BY m.i
"""  # noqa: S608 - fixed fragments; values are parameters

# Uitstroom by end-reason group, in the month and in its year up to the month's end, from the
# (municipality, end) index.
OUTFLOW_SQL = f"""
WITH {MONTHS}, h AS (
    SELECT r."group", {_bucket('s."end"')} AS eb, COUNT(*) AS n
    FROM reporting_spell s LEFT JOIN {END_REASONS} r ON r.id = s.end_reason_id
    WHERE s.municipality_id = %(municipality)s
      AND s."end" >= %(bounds_min)s AND s."end" < %(bounds_max)s
    GROUP BY 1, 2
)
SELECT m.i, h."group", COALESCE(SUM(h.n) FILTER (WHERE {FLOWS["uitstroom"]}), 0)::int,
       SUM(h.n)::int
FROM m JOIN h ON {FLOWS["jaar:uitstroom"]}
GROUP BY 1, 2
"""  # noqa: S608

RETURNS_SQL = f"""
WITH {MONTHS}, h AS (
    SELECT {_bucket("s.start")} AS sb, COUNT(*) AS n
    FROM reporting_spell s
    WHERE s.municipality_id = %(municipality)s
      AND s.start >= %(first_min)s AND s.start < %(after_max)s AND {RETURNS}
    GROUP BY 1
)
SELECT m.i, COALESCE(SUM(h.n), 0)::int FROM m LEFT JOIN h ON {FLOWS["instroom"]} GROUP BY 1
"""  # noqa: S608


# Intervals of month numbers. A spell is in the stand eind of months [p, q): from the first month
# whose end it starts by, to the first whose next day it has ended before. Likewise a client has
# reached an age from month age27 on, and a spell lasts long enough for a duration band from month
# months6 on. Each such limit is a date and an array of boundaries, one per month (sorted): the
# limit is the first month i whose boundary is above the date (month_from), so at month i the
# limit has been reached exactly when the date lies below the i-th boundary (_reached).
LIMITS = {
    "p": ("s.start", "afters"),
    "q": ('s."end"', "afters"),  # empty: the spell runs
    **{f"age{years}": ("s.date_of_birth", f"age{years}") for years in AGES_USED},
    **{f"months{n}": ("s.start", f"months{n}") for n in DURATION_LIMITS},
    "a_from": ("a.date", "afters"),  # an assessment a counts in [a_from, a_until)
    "a_until": ("a.valid_until", "afters"),  # empty: still in force
}


def month_from(expression: str, boundaries: str) -> str:
    """The first month whose boundary is above the date; dates before or after every boundary
    need no search."""
    array = f"%({boundaries})s::date[]"
    return (
        f"CASE WHEN {expression} < ({array})[1] THEN 1 WHEN {expression} >= ({array})[%(k)s] "
        f"THEN %(k)s + 1 ELSE width_bucket({expression}, {array}) + 1 END"
    )


def month_until(expression: str, boundaries: str) -> str:
    """As month_from, for a date that may be empty: then after the last month."""
    return f"COALESCE({month_from(expression, boundaries)}, %(k)s + 1)"


def _month(limit: str) -> str:
    expression, boundaries = LIMITS[limit]
    return (month_until if limit in ("q", "a_until") else month_from)(expression, boundaries)


def _reached(limit: str, i: str) -> str:
    """`_month(limit) <= i`, read from the date (false for an empty one)."""
    expression, boundaries = LIMITS[limit]
    return f"({expression} < (%({boundaries})s::date[])[{i}])"


AGES = [f"age{years}" for years in AGE_LIMITS]
DURATIONS = [f"months{months}" for months in DURATION_LIMITS]
SPELL_MONTHS = ", ".join(
    f"{_month(name)} AS {name}" for name in ["p", "q", *AGES, "age50", *DURATIONS]
)
# What a spell s brings to the breakdowns.
SPELL_COLUMNS = (
    "s.client_id, s.consulent_id, s.startkwalificatie, s.statushouder, s.date_of_birth, "
    "s.household = 'alleenstaande_ouder' AS single_parent, s.start, s.\"end\""
)
# The spells that may be in a stand eind of the months.
STAND_SPELLS = f"""SELECT {SPELL_COLUMNS} FROM reporting_spell s
        WHERE s.municipality_id = %(municipality)s AND s.start < %(after_max)s
          AND (s."end" IS NULL OR s."end" >= %(after_min)s)"""  # noqa: S608
ASSESSMENT_OF_SPELL = (
    "a.client_id = s.client_id AND a.date < %(after_max)s "
    "AND (a.valid_until IS NULL OR a.valid_until >= %(after_min)s)"
)


# The same limits at month number i, for one month (i = 1) and the drill-down: in the stand; a
# band is a number, the index in its list of labels (how many of its limits the client or the
# spell has reached); the target groups as in clients.models.ClientQuerySet.in_target_group, and
# as bits (1 << position in TARGET_GROUPS); the category of the assessment in force.
def in_stand(i: str) -> str:
    return f"({_reached('p', i)} AND NOT COALESCE({_reached('q', i)}, FALSE))"


def age_band(i: str) -> str:
    return "(" + " + ".join(f"{_reached(name, i)}::int" for name in AGES) + ")"


def duration_band(i: str) -> str:
    return "(" + " + ".join(f"{_reached(name, i)}::int" for name in DURATIONS) + ")"


def target_groups_at(i: str) -> dict[str, str]:
    return {
        "50plus": _reached("age50", i),
        "jongere": f"(NOT s.startkwalificatie AND NOT {_reached('age27', i)})",
        "statushouder": "s.statushouder",
        "alleenstaande_ouder": "s.single_parent",
    }


def group_bits(i: str) -> str:
    groups = target_groups_at(i)
    return " | ".join(f"(({groups[name]})::int << {bit})" for bit, name in enumerate(TARGET_GROUPS))


def category_at(i: str) -> str:
    return (
        f"a.client_id = s.client_id AND {_reached('a_from', i)} "
        f"AND NOT COALESCE({_reached('a_until', i)}, FALSE)"
    )


def _within(expression: str) -> str:
    """A month number kept within the stand [p, q): the bands outside it do not count."""
    return f"LEAST(GREATEST({expression}, p), q)"


def _bands(kind: int, limits: list[str]) -> list[str]:
    """(breakdown, band, lo, hi) for each band between the limits (already within [p, q))."""
    bounds = ["g.p", *[f"g.{limit}" for limit in limits], "g.q"]
    return [f"({kind}, {band}, {bounds[band]}, {bounds[band + 1]})" for band in range(len(limits) + 1)]  # fmt: skip


def interval_changes(intervals: str, keys: str) -> str:
    """An interval [lo, hi) of n adds n from month lo on and takes it off again from month hi."""
    starts = f"SELECT {keys}, lo AS at, n AS d FROM {intervals} WHERE lo < hi"  # noqa: S608
    ends = f"SELECT {keys}, hi, -n FROM {intervals} WHERE lo < hi AND hi <= %(k)s"  # noqa: S608
    return f"{starts} UNION ALL {ends}"


def in_month_one(intervals: str, keys: str) -> str:
    """Per key, the intervals that hold month 1: with one month no changes need summing."""
    return f"""
SELECT 1 AS i, {keys}, SUM(n)::int FROM {intervals} WHERE lo <= 1 AND 1 < hi GROUP BY {keys}
"""  # noqa: S608


def per_month(changes: str, keys: str) -> str:
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
        SELECT s.client_id, s.consulent_id, s.startkwalificatie, s.statushouder, s.single_parent,
               {SPELL_MONTHS}
        FROM ({STAND_SPELLS}) s
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
        SELECT a.category_id, GREATEST(s.p, {_month("a_from")}) AS lo,
               LEAST(s.q, {_month("a_until")}) AS hi
        FROM s JOIN {ASSESSMENTS} a ON {ASSESSMENT_OF_SPELL}
    ) c
    GROUP BY 1, 2, 3, 4
)""" + per_month(  # noqa: S608
    f"""{interval_changes("intervals", "breakdown, value")}
    UNION ALL SELECT 3, consulent_id, p, COUNT(*) FROM s GROUP BY 2, 3
    UNION ALL SELECT 3, consulent_id, q, -COUNT(*) FROM s WHERE q <= %(k)s GROUP BY 2, 3""",  # noqa: S608
    "breakdown, value",
)

# One month: the spells in its stand in one hash aggregate, by category, age band, duration band
# and target groups together (a few thousand combinations, summed per breakdown in Python) and by
# consulent in a second grouping set: the limits at month 1, without the intervals.
ONE_MONTH_BREAKDOWN_SQL = f"""
SELECT consulent_id, category_id, age_band, duration_band, groups, COUNT(*) FROM (
    SELECT s.consulent_id, a.category_id, {age_band("1")} AS age_band,
           {duration_band("1")} AS duration_band, {group_bits("1")} AS groups
    FROM ({STAND_SPELLS}) s
    LEFT JOIN {ASSESSMENTS} a ON {category_at("1")}
    WHERE {in_stand("1")}
) stand
GROUP BY GROUPING SETS ((category_id, age_band, duration_band, groups), (consulent_id))
"""  # noqa: S608
