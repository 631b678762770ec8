"""The clients behind a report figure, with the same SQL conditions as the figure itself
(reporting/months.py, at the one month).

A figure is named by a key: "stand_begin", "instroom", "uitstroom", "stand_eind", "herinstroom",
"uitstroom:<group>", "categorie:<id or empty>", "leeftijd:<band>", "duur:<band>",
"doelgroep:<code>", "consulent:<id>", "jaar:instroom", "jaar:uitstroom", "jaar:stand_1_januari",
or "traject:<type id>:<gestart|lopend|beeindigd>". The list is computed from today's data, so it
can differ from a snapshot made earlier; the page says so.
"""

from __future__ import annotations

import re

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from categorisation.queries import ASSESSMENTS
from clients.models import Client
from clients.queries import END_REASONS
from reporting.months import (
    FLOWS,
    MONTHS,
    RETURNS,
    SPELL_BUCKETS,
    SPELL_COLUMNS,
    age_band,
    category_at,
    duration_band,
    in_stand,
    months_params,
    target_groups_at,
)
from reporting.queries import AGE_BANDS, DURATION_BANDS, Month
from reporting.spells import ensure_spells
from reporting.trajectory_months import TRAJECTORY_AT, TRAJECTORY_ROWS

# The month's number: a drill-down is of one month.
IN_STAND, AGE_BAND, DURATION_BAND = in_stand("1"), age_band("1"), duration_band("1")
TARGET_GROUPS_AT = target_groups_at("1")


class UnknownFigure(ValueError):
    pass


def _spell_condition(key: str) -> tuple[str, dict]:
    name, _, value = key.partition(":")
    if key in FLOWS:
        return FLOWS[key], {}
    if key == "herinstroom":
        return f"{FLOWS['instroom']} AND {RETURNS}", {}
    if name == "uitstroom" and value:
        return f'{FLOWS["uitstroom"]} AND r."group" = %(value)s', {"value": value}
    if name == "categorie":
        if not value:
            return f"{IN_STAND} AND a.category_id IS NULL", {}
        if value.isdigit():
            return f"{IN_STAND} AND a.category_id = %(value)s", {"value": int(value)}
    if name == "leeftijd" and value in AGE_BANDS:
        return f"{IN_STAND} AND {AGE_BAND} = %(value)s", {"value": AGE_BANDS.index(value)}
    if name == "duur" and value in DURATION_BANDS:
        band = DURATION_BANDS.index(value)
        return f"{IN_STAND} AND {DURATION_BAND} = %(value)s", {"value": band}
    if name == "doelgroep" and value in TARGET_GROUPS_AT:
        return f"{IN_STAND} AND {TARGET_GROUPS_AT[value]}", {}
    if name == "consulent" and value.isdigit():
        return f"{IN_STAND} AND s.consulent_id = %(value)s", {"value": int(value)}
    raise UnknownFigure(key)


def clients_behind(
    clients: QuerySet[Client], *, municipality_id: int, month: Month, key: str
) -> QuerySet[Client]:
    """`clients` (already scoped to the user) narrowed to those behind the figure `key`."""
    ensure_spells()
    params = months_params(municipality_id, [month])
    if key.startswith("traject:"):
        _, type_id, measure = ([*key.split(":"), "", ""])[:3]
        if not type_id.isdigit() or measure not in TRAJECTORY_AT:
            raise UnknownFigure(key)
        sql = (
            f"WITH {MONTHS} SELECT t.client_id FROM ({TRAJECTORY_ROWS}) t CROSS JOIN m "  # noqa: S608 - fixed fragments
            f"WHERE t.type_id = %(value)s AND {TRAJECTORY_AT[measure]}"
        )
        params["value"] = int(type_id)
    else:
        condition, extra = _spell_condition(key)
        params |= extra
        sql = (
            f"WITH {MONTHS} SELECT s.client_id FROM ("  # noqa: S608 - fixed fragments
            f"SELECT s.municipality_id, s.end_reason_id, {SPELL_BUCKETS}, {SPELL_COLUMNS} "
            "FROM reporting_spell s WHERE s.municipality_id = %(municipality)s) s CROSS JOIN m "
            f"LEFT JOIN {END_REASONS} r ON r.id = s.end_reason_id "
            f"LEFT JOIN {ASSESSMENTS} a ON {category_at('1')} "
            f"WHERE {condition}"
        )
    # RawSQL wants positional parameters: name them in order of appearance.
    return clients.filter(pk__in=RawSQL(*_positional(sql, params)))  # noqa: S611 - fixed SQL  # nosec B611


def _positional(sql: str, params: dict) -> tuple[str, list]:
    values = []

    def take(match):
        values.append(params[match.group(1)])
        return "%s"

    return re.sub(r"%\((\w+)\)s", take, sql), values
