"""The monthly figures of one municipality, computed in PostgreSQL (DOMAIN §6, after CBS's BUS).

All flows count spells (reporting_spell, kept by triggers: see reporting/spells.py), each from its
start to its end, the last day with benefit:

- stand on a day B: start < B and (no end or end ≥ B); stand begin is the stand on the first day
  of the month, stand eind on the day after its last;
- instroom: start in the month; uitstroom: end in the month.

So stand eind = stand begin + instroom − uitstroom for every month.

The conditions below (STAND_EIND and the rest) define each figure for one month; the drill-down
lists the clients behind a figure with them. The figures themselves are computed for several
months of a municipality at once (`months_figures`), in one pass over its rows per query:

- flows are counts of dates below month boundaries: every start and end is put in a bucket
  between the boundaries (width_bucket), and a month's figure sums a range of buckets;
- breakdowns, trajectories and participatiebanen turn each row into intervals of month numbers
  [lo, hi) in which it counts for a figure (a spell in a category, an age band, running), and a
  month's figure counts the intervals that hold it. One month or thirty-six cost about the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import connection

from organisations.dates import add_months, add_years
from reporting.spells import ensure_spells


def _stand(boundary: str) -> str:
    """Spells running on the boundary day."""
    return f'(s.start < {boundary} AND (s."end" IS NULL OR s."end" >= {boundary}))'


# Conditions on spells s, with %(first)s, %(last)s, %(after)s (the day after the month) and
# %(jan)s (1 January of its year).
STAND_BEGIN = _stand("%(first)s")
INSTROOM = "s.start BETWEEN %(first)s AND %(last)s"
UITSTROOM = 's."end" BETWEEN %(first)s AND %(last)s'
STAND_EIND = _stand("%(after)s")
STAND_JAN = _stand("%(jan)s")
INSTROOM_YTD = "s.start BETWEEN %(jan)s AND %(last)s"
UITSTROOM_YTD = 's."end" BETWEEN %(jan)s AND %(last)s'

# Instroom that comes back within 12 months of a benefit in the same municipality.
RETURNS = """EXISTS (
    SELECT 1 FROM reporting_spell p
    WHERE p.client_id = s.client_id AND p.municipality_id = s.municipality_id
      AND p."end" < s.start AND p."end" >= s.start - INTERVAL '12 months'
)"""

# Bands by comparing dates with boundaries computed once per month (see Month.params), the same
# calendar arithmetic as the Python rules (add_years, add_months). A band is a number, the index
# in its list of labels: how many limits the client (or the spell) has reached.
AGE_BANDS = ["tot 27", "27 tot 35", "35 tot 45", "45 tot 55", "55 en ouder"]
AGE_LIMITS = [27, 35, 45, 55]
AGE_BAND = "(" + " + ".join(f"(s.date_of_birth <= %(age{y})s)::int" for y in AGE_LIMITS) + ")"
DURATION_BANDS = ["0-6 maanden", "6-12 maanden", "1-2 jaar", "2-3 jaar", "3-4 jaar", "4-5 jaar", "5 jaar en langer"]  # fmt: skip
DURATION_LIMITS = [6, 12, 24, 36, 48, 60]  # months of the spell up to the end of the month
DURATION_BAND = "(" + " + ".join(f"(s.start <= %(months{m})s)::int" for m in DURATION_LIMITS) + ")"
# Target groups on the last day, as in clients.models.ClientQuerySet.in_target_group, on the
# client's columns that the spells carry.
TARGET_GROUPS = {
    "50plus": "s.date_of_birth <= %(age50)s",
    "jongere": "s.date_of_birth > %(age27)s AND NOT s.startkwalificatie",
    "statushouder": "s.statushouder",
    "alleenstaande_ouder": "s.household = 'alleenstaande_ouder'",
}
IN_FORCE_ON_LAST = (
    "a.client_id = s.client_id AND a.date <= %(last)s "
    "AND (a.valid_until IS NULL OR a.valid_until > %(last)s)"
)


# Trajectories charged to the municipality, by type and the direction of the rule in force at
# their start: started and ended (by outcome) in the month, running at its end.
TRAJECTORY_MEASURES = {
    "gestart": "t.actual_start BETWEEN %(first)s AND %(last)s",
    "beeindigd": "t.actual_end BETWEEN %(first)s AND %(last)s",
    "lopend": "t.actual_start <= %(last)s AND (t.actual_end IS NULL OR t.actual_end > %(last)s)",
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

    def params(self, municipality_id: int) -> dict:
        """The parameters of the conditions above, for the drill-down."""
        return {
            "municipality": municipality_id,
            "first": self.first,
            "last": self.last,
            "after": self.after,
            "jan": self.first.replace(month=1),
            **{f"age{years}": add_years(self.last, -years) for years in (*AGE_LIMITS, 50)},
            **{f"months{months}": add_months(self.after, -months) for months in DURATION_LIMITS},
        }


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


def _count(ended: bool, condition: str) -> str:
    return f"COALESCE(SUM(h.n) FILTER (WHERE {'' if ended else 'NOT '}h.ended AND {condition}), 0)"


def _stand(at: str) -> str:
    return f"({_count(False, f'h.b < m.{at}')} - {_count(True, f'h.b < m.{at}')})::int"


# From the (municipality, start) and (municipality, end) indexes alone.
FLOWS_SQL = f"""
WITH {MONTHS}, h AS (
    SELECT FALSE AS ended, width_bucket(s.start, %(bounds)s::date[]) AS b, COUNT(*) AS n
    FROM reporting_spell s
    WHERE s.municipality_id = %(municipality)s AND s.start < %(bounds_max)s
    GROUP BY 2
    UNION ALL
    SELECT TRUE, width_bucket(s."end", %(bounds)s::date[]), COUNT(*)
    FROM reporting_spell s
    WHERE s.municipality_id = %(municipality)s AND s."end" < %(bounds_max)s
    GROUP BY 2
)
SELECT m.i, {_stand("f")}, {_count(False, "h.b >= m.f AND h.b < m.a")}::int,
       {_count(True, "h.b >= m.f AND h.b < m.a")}::int, {_stand("a")}, {_stand("j")},
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
    return f"width_bucket({expression}, %({boundaries})s::date[]) + 1"


def _until(expression: str, boundaries: str) -> str:
    """As _from, for a date that may be empty: then after the last month."""
    return f"COALESCE({_from(expression, boundaries)}, %(k)s + 1)"


def _bands(kind: int, limits: list[str]) -> list[str]:
    """(breakdown, band, lo, hi) for each band between the limits, within the stand [p, q)."""
    starts, ends = ["s.p", *[f"GREATEST(s.p, s.{lim})" for lim in limits]], [*[f"LEAST(s.q, s.{lim})" for lim in limits], "s.q"]  # fmt: skip
    return [f"({kind}, {band}, {lo}, {hi})" for band, (lo, hi) in enumerate(zip(starts, ends, strict=True))]  # fmt: skip


AGES = [f"age{years}" for years in AGE_LIMITS]
DURATIONS = [f"months{months}" for months in DURATION_LIMITS]
# The target groups, in the order of TARGET_GROUPS.
GROUP_INTERVALS = [
    "(2, 0, GREATEST(s.p, s.age50), s.q)",
    "(2, 1, s.p, CASE WHEN NOT s.startkwalificatie THEN LEAST(s.q, s.age27) ELSE 0 END)",
    "(2, 2, s.p, CASE WHEN s.statushouder THEN s.q ELSE 0 END)",
    "(2, 3, s.p, CASE WHEN s.household = 'alleenstaande_ouder' THEN s.q ELSE 0 END)",
]
BREAKDOWNS = ["leeftijd", "duur", "doelgroep", "consulent", "categorie"]
SPELLS = f"""s AS (
    SELECT s.client_id, s.consulent_id, s.startkwalificatie, s.statushouder, s.household,
           {_from("s.start", "afters")} AS p, {_until('s."end"', "afters")} AS q,
           {", ".join(f"{_from('s.date_of_birth - 1', name)} AS {name}" for name in [*AGES, "age50"])},
           {", ".join(f"{_from('s.start - 1', name)} AS {name}" for name in DURATIONS)}
    FROM reporting_spell s
    WHERE s.municipality_id = %(municipality)s AND s.start < %(after_max)s
      AND (s."end" IS NULL OR s."end" >= %(after_min)s)
)"""  # noqa: S608


def _per_month(intervals: str, keys: str) -> str:
    """Count, for each month i, the intervals (keys, lo, hi, n) that hold it."""
    return f"""
SELECT i, {keys}, SUM(e.n)::int
FROM ({intervals}) e JOIN generate_series(1, %(k)s) i ON e.lo <= i AND i < e.hi
GROUP BY i, {keys}
"""  # noqa: S608


# The stand eind by age band, duration band, target group and consulent (intervals of the spells),
# and by the category in force on the last day (intervals where a spell and an assessment meet;
# the stand without one is "onbekend").
BREAKDOWN_SQL = f"WITH {SPELLS}" + _per_month(  # noqa: S608
    f"""
    SELECT e.breakdown, e.value, e.lo, e.hi, COUNT(*) AS n
    FROM s CROSS JOIN LATERAL (VALUES
        {", ".join([*_bands(0, AGES), *_bands(1, DURATIONS), *GROUP_INTERVALS])},
        (3, s.consulent_id, s.p, s.q)
    ) e(breakdown, value, lo, hi)
    WHERE e.lo < e.hi
    GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT 4, c.category_id, c.lo, c.hi, COUNT(*) FROM (
        SELECT a.category_id, GREATEST(s.p, {_from("a.date", "afters")}) AS lo,
               LEAST(s.q, {_until("a.valid_until", "afters")}) AS hi
        FROM s JOIN categorisation_assessment a ON a.client_id = s.client_id
         AND a.date < %(after_max)s AND (a.valid_until IS NULL OR a.valid_until >= %(after_min)s)
    ) c
    WHERE c.lo < c.hi
    GROUP BY 1, 2, 3, 4""",  # noqa: S608
    "e.breakdown, e.value",
)


# A trajectory counts as started (ended) in month i when its first (last) day lies in it: between
# the i-th first day and the day after that month.
def _in_month(column: str) -> str:
    bucket = f"width_bucket({column}, %(firsts)s::date[])"
    return f"{bucket}, CASE WHEN {column} < (%(afters)s::date[])[{bucket}] THEN {bucket} + 1 END"


TRAJECTORY_RULES = """(SELECT type_id, direction, valid_from,
             LEAD(valid_from) OVER (PARTITION BY type_id ORDER BY valid_from) AS valid_until
      FROM trajectories_trajectoryrule) r
  ON r.type_id = t.type_id AND t.actual_start >= r.valid_from
 AND (r.valid_until IS NULL OR t.actual_start < r.valid_until)"""
TRAJECTORIES_SQL = _per_month(
    f"""
    SELECT t.type_id, r.direction, e.measure, e.outcome, e.lo, e.hi, COUNT(*) AS n
    FROM trajectories_trajectory t LEFT JOIN {TRAJECTORY_RULES}
    CROSS JOIN LATERAL (VALUES
        ('gestart', NULL, {_in_month("t.actual_start")}),
        ('beeindigd', t.outcome, {_in_month("t.actual_end")}),
        ('lopend', NULL, {_from("t.actual_start", "afters")}, {_until("t.actual_end", "afters")})
    ) e(measure, outcome, lo, hi)
    WHERE t.municipality_id = %(municipality)s AND t.actual_start < %(after_max)s
      AND (t.actual_end IS NULL OR t.actual_end >= %(first_min)s) AND e.lo < e.hi
    GROUP BY 1, 2, 3, 4, 5, 6""",  # noqa: S608
    "e.type_id, e.direction, e.measure, e.outcome",
)

# Participatiebanen ended, by outcome: in the month, and in total up to the month's end.
PARTICIPATIEBAAN_SQL = _per_month(
    f"""
    SELECT e.measure, t.outcome, e.lo, e.hi, COUNT(*) AS n
    FROM trajectories_trajectory t JOIN trajectories_trajectorytype k ON k.id = t.type_id
    CROSS JOIN LATERAL (VALUES
        ('maand', {_in_month("t.actual_end")}),
        ('totaal', {_from("t.actual_end", "afters")}, %(k)s + 1)
    ) e(measure, lo, hi)
    WHERE t.municipality_id = %(municipality)s AND k.code = 'participatiebaan'
      AND t.actual_end < %(after_max)s AND e.lo < e.hi
    GROUP BY 1, 2, 3, 4""",  # noqa: S608
    "e.measure, e.outcome",
)


def use_report_memory(cursor) -> None:
    """Memory for the hash tables of the report's aggregates and joins, for the rest of the
    transaction: without it they spill to disk."""
    cursor.execute("SELECT set_config('work_mem', %s, true)", [settings.OPSTAP_REPORT_WORK_MEM])


def months_figures(*, municipality_id: int, months: list[Month]) -> dict[Month, dict]:
    """Every figure of a municipality for each of the months, as plain JSON-able data (ids and
    codes; names are added by the caller). Run it in one REPEATABLE READ transaction for figures
    of one moment."""
    ensure_spells()
    months = sorted(set(months), key=lambda month: month.first)
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


def month_figures(*, municipality_id: int, month: Month) -> dict:
    return months_figures(municipality_id=municipality_id, months=[month])[month]


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
    ((begin, inflow, outflow_total, end, january, inflow_ytd, outflow_ytd),) = flows
    ((herinstroom,),) = returns
    figures = {
        "stand_begin": begin,
        "instroom": inflow,
        "uitstroom": outflow_total,
        "stand_eind": end,
        "uitstroom_per_groep": {group or "onbekend": count for group, count, _ in outflow if count},
        "herinstroom": herinstroom,
        "jaar": {
            "stand_1_januari": january,
            "instroom": inflow_ytd,
            "uitstroom": outflow_ytd,
            "uitstroom_werk": sum(year for group, _, year in outflow if group == "werk"),
        },
    }
    figures |= _breakdowns(breakdown, stand=end)
    figures["trajecten"] = _trajectories(trajectories)
    figures["participatiebaan"] = {
        measure: {outcome: count for kind, outcome, count in participatiebaan if kind == measure}
        for measure in ("maand", "totaal")
    }
    return figures


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


def _trajectories(rows) -> list[dict]:
    by_type: dict[tuple, dict] = {}
    for type_id, direction, measure, outcome, count in rows:
        entry = by_type.setdefault(
            (type_id, direction),
            {"type": type_id, "richting": direction, "gestart": 0, "beeindigd": {}, "lopend": 0},
        )
        if measure == "beeindigd":
            entry["beeindigd"][outcome] = count
        else:
            entry[measure] = count
    return list(by_type.values())
