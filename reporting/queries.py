"""The monthly figures of one municipality, computed in PostgreSQL (DOMAIN §6, after CBS's BUS).

All flows count spells (reporting_spell, kept by triggers: see reporting/spells.py), each from its
start to its end, the last day with benefit:

- stand on a day B: start < B and (no end or end ≥ B); stand begin is the stand on the first day
  of the month, stand eind on the day after its last;
- instroom: start in the month; uitstroom: end in the month.

So stand eind = stand begin + instroom − uitstroom for every month, and each flow is a range count
on an index of the spells.

These conditions are the definitions: one month's figures are computed with them here, and the
drill-down lists the clients behind a figure with them (reporting/drill.py). Many months at once
are computed by reporting/months.py, which a test holds against this one month at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import connection

from core.dates import add_months, add_years
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

# From the (municipality, start) index alone: every spell that started by the month's end.
FLOWS_SQL = f"""
SELECT COUNT(*) FILTER (WHERE {STAND_BEGIN}),
       COUNT(*) FILTER (WHERE {INSTROOM}),
       COUNT(*) FILTER (WHERE {UITSTROOM}),
       COUNT(*) FILTER (WHERE {STAND_EIND}),
       COUNT(*) FILTER (WHERE {STAND_JAN}),
       COUNT(*) FILTER (WHERE {INSTROOM_YTD}),
       COUNT(*) FILTER (WHERE {UITSTROOM_YTD})
FROM reporting_spell s
WHERE s.municipality_id = %(municipality)s AND s.start <= %(last)s
"""  # noqa: S608 - fixed fragments; values are parameters

# Uitstroom by end-reason group, this month and this year, from the (municipality, end) index.
OUTFLOW_SQL = f"""
SELECT r."group", COUNT(*) FILTER (WHERE {UITSTROOM}), COUNT(*)
FROM reporting_spell s LEFT JOIN clients_endreason r ON r.id = s.end_reason_id
WHERE s.municipality_id = %(municipality)s AND {UITSTROOM_YTD}
GROUP BY r."group"
"""  # noqa: S608

# Instroom that comes back within 12 months of a benefit in the same municipality.
RETURNS = """EXISTS (
    SELECT 1 FROM reporting_spell p
    WHERE p.client_id = s.client_id AND p.municipality_id = s.municipality_id
      AND p."end" < s.start AND p."end" >= s.start - INTERVAL '12 months'
)"""
RETURNS_SQL = f"""
SELECT COUNT(*) FROM reporting_spell s
WHERE s.municipality_id = %(municipality)s AND {INSTROOM} AND {RETURNS}
"""  # noqa: S608

# Bands by comparing dates with boundaries computed once per month (see Month.params), the same
# calendar arithmetic as the Python rules (add_years, add_months): no function call per row. A
# band is a number, the index in its list of labels: how many limits the client (or the spell)
# has reached. Numbers hash faster than labels in the breakdown's aggregate.
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
# The groups a client is in, as bits (1 << position in TARGET_GROUPS).
GROUP_BITS = " | ".join(
    f"(({condition})::int << {bit})" for bit, condition in enumerate(TARGET_GROUPS.values())
)
IN_FORCE_ON_LAST = (
    "a.client_id = s.client_id AND a.date <= %(last)s "
    "AND (a.valid_until IS NULL OR a.valid_until > %(last)s)"
)

# Stand eind by category (in force on the last day), age band, duration band and target groups
# in one hash aggregate (a few thousand combinations, summed per breakdown in Python), and by
# consulent in a second grouping set. The spells carry the client's columns, so only the
# assessments are joined.
BREAKDOWN_SQL = f"""
SELECT consulent_id, category_id, age_band, duration_band, groups, COUNT(*) FROM (
    SELECT a.category_id, s.consulent_id, {AGE_BAND} AS age_band,
           {DURATION_BAND} AS duration_band, {GROUP_BITS} AS groups
    FROM reporting_spell s
    LEFT JOIN categorisation_assessment a ON {IN_FORCE_ON_LAST}
    WHERE s.municipality_id = %(municipality)s AND {STAND_EIND}
) stand
GROUP BY GROUPING SETS ((category_id, age_band, duration_band, groups), (consulent_id))
"""  # noqa: S608


# Trajectories charged to the municipality that touch the month, by type and the direction of
# the rule in force at their start: started, ended (by outcome) and running at month end.
# Conditions on trajectories t, shared with the drill-down (reporting/drill.py).
TRAJECTORY_MEASURES = {
    "gestart": "t.actual_start BETWEEN %(first)s AND %(last)s",
    "beeindigd": "t.actual_end BETWEEN %(first)s AND %(last)s",
    "lopend": "t.actual_start <= %(last)s AND (t.actual_end IS NULL OR t.actual_end > %(last)s)",
}
# The rule of the trajectory's type in force at its start (r), for its direction.
TRAJECTORY_RULES = """(SELECT type_id, direction, valid_from,
             LEAD(valid_from) OVER (PARTITION BY type_id ORDER BY valid_from) AS valid_until
      FROM trajectories_trajectoryrule) r
  ON r.type_id = t.type_id AND t.actual_start >= r.valid_from
 AND (r.valid_until IS NULL OR t.actual_start < r.valid_until)"""
TRAJECTORIES_SQL = f"""
SELECT t.type_id, r.direction,
       CASE WHEN {TRAJECTORY_MEASURES["beeindigd"]} THEN t.outcome END AS ended_outcome,
       COUNT(*) FILTER (WHERE {TRAJECTORY_MEASURES["gestart"]}),
       COUNT(*) FILTER (WHERE {TRAJECTORY_MEASURES["beeindigd"]}),
       COUNT(*) FILTER (WHERE {TRAJECTORY_MEASURES["lopend"]})
FROM trajectories_trajectory t LEFT JOIN {TRAJECTORY_RULES}
WHERE t.municipality_id = %(municipality)s AND t.actual_start <= %(last)s
  AND (t.actual_end IS NULL OR t.actual_end >= %(first)s)
GROUP BY 1, 2, 3
"""  # noqa: S608

# Participatiebanen ended by outcome: in the month, and in total up to the month's end.
PARTICIPATIEBAAN_SQL = """
SELECT t.outcome,
       COUNT(*) FILTER (WHERE t.actual_end >= %(first)s),
       COUNT(*)
FROM trajectories_trajectory t JOIN trajectories_trajectorytype k ON k.id = t.type_id
WHERE t.municipality_id = %(municipality)s AND k.code = 'participatiebaan'
  AND t.actual_end <= %(last)s
GROUP BY t.outcome
"""


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
        return {
            "municipality": municipality_id,
            "first": self.first,
            "last": self.last,
            "after": self.after,
            "jan": self.first.replace(month=1),
            **{f"age{years}": add_years(self.last, -years) for years in (*AGE_LIMITS, 50)},
            **{f"months{months}": add_months(self.after, -months) for months in DURATION_LIMITS},
        }


def use_report_memory(cursor) -> None:
    """Memory for the breakdown's hash tables (every assessment in force on the last day), for
    the rest of the transaction: without it they spill to disk and the aggregate sorts."""
    cursor.execute("SELECT set_config('work_mem', %s, true)", [settings.OPSTAP_REPORT_WORK_MEM])


def month_figures(*, municipality_id: int, month: Month) -> dict:
    """Every figure of one municipality-month as plain JSON-able data (ids and codes; names are
    added by the caller). Run it in one REPEATABLE READ transaction for figures of one moment."""
    ensure_spells()
    params = month.params(municipality_id)
    with connection.cursor() as cursor:
        use_report_memory(cursor)
        cursor.execute(FLOWS_SQL, params)
        flows = cursor.fetchone()
        cursor.execute(OUTFLOW_SQL, params)
        outflow = cursor.fetchall()
        cursor.execute(RETURNS_SQL, params)
        (returns,) = cursor.fetchone()
        cursor.execute(BREAKDOWN_SQL, params)
        breakdown = cursor.fetchall()
        cursor.execute(TRAJECTORIES_SQL, params)
        trajectories = cursor.fetchall()
        cursor.execute(PARTICIPATIEBAAN_SQL, params)
        participatiebaan = cursor.fetchall()
    return figures_from(
        flows=flows,
        outflow=outflow,
        returns=returns,
        breakdowns=_breakdowns(breakdown),
        trajectories=trajectories,
        participatiebaan={
            "maand": {outcome: count for outcome, count, _ in participatiebaan if count},
            "totaal": {outcome: total for outcome, _, total in participatiebaan},
        },
    )


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
        "trajecten": _trajectories(trajectories),
        "participatiebaan": participatiebaan,
    }


def _breakdowns(rows) -> dict:
    """Sum the combinations per breakdown; the consulent set has only its own column."""
    result: dict = {"categorie": {}, "leeftijd": {}, "duur": {}, "consulent": {}}
    result["doelgroep"] = dict.fromkeys(TARGET_GROUPS, 0)

    def add(breakdown: str, key, count: int) -> None:
        key = "" if key is None else str(key)
        result[breakdown][key] = result[breakdown].get(key, 0) + count

    for consulent, category, age, duration, groups, count in rows:
        if age is None:  # the (consulent_id) grouping set
            add("consulent", consulent, count)
            continue
        add("categorie", category, count)
        add("leeftijd", AGE_BANDS[age], count)
        add("duur", DURATION_BANDS[duration], count)
        for bit, name in enumerate(TARGET_GROUPS):
            if groups & (1 << bit):
                result["doelgroep"][name] += count
    return result


def _trajectories(rows) -> list[dict]:
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
