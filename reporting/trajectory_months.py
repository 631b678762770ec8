"""The trajectory figures of a municipality for any number of months, as reporting/months.py
computes the spells' figures: each trajectory as intervals of month numbers in which it counts
(started, ended, running; participatiebanen ended), summed per month."""

from __future__ import annotations

from reporting.months import in_month_one, interval_changes, month_from, month_until, per_month
from trajectories.queries import RULE_AT_START, TRAJECTORIES, TRAJECTORY_TYPES


# A trajectory counts as started (ended) in month i when its first (last) day lies in it: between
# the i-th first day and the day after that month.
def _month_of(column: str) -> str:
    bucket = f"width_bucket({column}, %(firsts)s::date[])"
    return (
        f"CASE WHEN {column} >= %(first_min)s AND {column} < %(after_max)s "
        f"AND {column} < (%(afters)s::date[])[{bucket}] THEN {bucket} END"
    )


# Trajectories t charged to the municipality that touch the months, by type and the direction of
# the rule in force at their start: the months they started and ended in, and running [p, q).
TRAJECTORY_ROWS = f"""SELECT t.client_id, t.type_id, r.direction, t.outcome, t.actual_start, t.actual_end,
               {_month_of("t.actual_start")} AS started, {_month_of("t.actual_end")} AS ended,
               {month_from("t.actual_start", "afters")} AS p, {month_until("t.actual_end", "afters")} AS q
        FROM {TRAJECTORIES} t LEFT JOIN {RULE_AT_START}
        WHERE t.municipality_id = %(municipality)s AND t.actual_start < %(after_max)s
          AND (t.actual_end IS NULL OR t.actual_end >= %(first_min)s)"""  # noqa: S608
# Each measure as an interval of months, and at month m.i (the drill-down).
TRAJECTORY_MEASURES = {
    "gestart": ("t.started", "t.started + 1"),
    "beeindigd": ("t.ended", "t.ended + 1"),
    "lopend": ("t.p", "t.q"),
}
TRAJECTORY_AT = {  # at month m.i
    measure: f"({lo} <= m.i AND m.i < {hi})" for measure, (lo, hi) in TRAJECTORY_MEASURES.items()
}

# Trajectories counted per type, direction, outcome and months first, then turned into intervals.
TRAJECTORY_INTERVALS = f"""
WITH intervals AS MATERIALIZED (
    SELECT t.type_id, t.direction, e.measure, e.outcome, e.lo, e.hi, SUM(t.n) AS n
    FROM (
        SELECT type_id, direction, outcome, started, ended, p, q, COUNT(*) AS n
        FROM ({TRAJECTORY_ROWS}) t
        GROUP BY 1, 2, 3, 4, 5, 6, 7
    ) t CROSS JOIN LATERAL (VALUES
        {", ".join(f"('{measure}', {'t.outcome' if measure == 'beeindigd' else 'NULL'}, {lo}, {hi})" for measure, (lo, hi) in TRAJECTORY_MEASURES.items())}
    ) e(measure, outcome, lo, hi)
    GROUP BY 1, 2, 3, 4, 5, 6
)"""  # noqa: S608
TRAJECTORY_KEYS = "type_id, direction, measure, outcome"
TRAJECTORIES_SQL = TRAJECTORY_INTERVALS + per_month(
    interval_changes("intervals", TRAJECTORY_KEYS), TRAJECTORY_KEYS
)
ONE_MONTH_TRAJECTORIES_SQL = TRAJECTORY_INTERVALS + in_month_one("intervals", TRAJECTORY_KEYS)

# Participatiebanen ended, by outcome: in the month, and in total up to the month's end.
PARTICIPATIEBAAN_INTERVALS = f"""
WITH intervals AS MATERIALIZED (
    SELECT e.measure, t.outcome, e.lo, e.hi, COUNT(*) AS n
    FROM (
        SELECT t.outcome, {_month_of("t.actual_end")} AS ended,
               {month_from("t.actual_end", "afters")} AS done
        FROM {TRAJECTORIES} t JOIN {TRAJECTORY_TYPES} k ON k.id = t.type_id
        WHERE t.municipality_id = %(municipality)s AND k.code = 'participatiebaan'
          AND t.actual_end < %(after_max)s
    ) t CROSS JOIN LATERAL (VALUES
        ('maand', t.ended, t.ended + 1),
        ('totaal', t.done, %(k)s + 1)
    ) e(measure, lo, hi)
    GROUP BY 1, 2, 3, 4
)"""  # noqa: S608
PARTICIPATIEBAAN_SQL = PARTICIPATIEBAAN_INTERVALS + per_month(
    interval_changes("intervals", "measure, outcome"), "measure, outcome"
)
ONE_MONTH_PARTICIPATIEBAAN_SQL = PARTICIPATIEBAAN_INTERVALS + in_month_one(
    "intervals", "measure, outcome"
)
