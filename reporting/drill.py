"""The clients behind a report figure, with the same SQL conditions as the figure itself.

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

from clients.models import Client
from reporting.queries import (
    AGE_BAND,
    AGE_BANDS,
    DURATION_BAND,
    DURATION_BANDS,
    IN_FORCE_ON_LAST,
    INSTROOM,
    INSTROOM_YTD,
    RETURNS,
    STAND_BEGIN,
    STAND_EIND,
    STAND_JAN,
    TARGET_GROUPS,
    TRAJECTORY_MEASURES,
    UITSTROOM,
    UITSTROOM_YTD,
    Month,
)
from reporting.spells import ensure_spells

FLOWS = {
    "stand_begin": STAND_BEGIN,
    "instroom": INSTROOM,
    "uitstroom": UITSTROOM,
    "stand_eind": STAND_EIND,
    "jaar:stand_1_januari": STAND_JAN,
    "jaar:instroom": INSTROOM_YTD,
    "jaar:uitstroom": UITSTROOM_YTD,
}


class UnknownFigure(ValueError):
    pass


def _spell_condition(key: str) -> tuple[str, dict]:
    name, _, value = key.partition(":")
    if key in FLOWS:
        return FLOWS[key], {}
    if key == "herinstroom":
        return f"{INSTROOM} AND {RETURNS}", {}
    if name == "uitstroom" and value:
        return f'{UITSTROOM} AND r."group" = %(value)s', {"value": value}
    if name == "categorie":
        if not value:
            return f"{STAND_EIND} AND a.category_id IS NULL", {}
        if value.isdigit():
            return f"{STAND_EIND} AND a.category_id = %(value)s", {"value": int(value)}
    if name == "leeftijd" and value in AGE_BANDS:
        return f"{STAND_EIND} AND {AGE_BAND} = %(value)s", {"value": AGE_BANDS.index(value)}
    if name == "duur" and value in DURATION_BANDS:
        band = DURATION_BANDS.index(value)
        return f"{STAND_EIND} AND {DURATION_BAND} = %(value)s", {"value": band}
    if name == "doelgroep" and value in TARGET_GROUPS:
        return f"{STAND_EIND} AND {TARGET_GROUPS[value]}", {}
    if name == "consulent" and value.isdigit():
        return f"{STAND_EIND} AND s.consulent_id = %(value)s", {"value": int(value)}
    raise UnknownFigure(key)


def clients_behind(
    clients: QuerySet[Client], *, municipality_id: int, month: Month, key: str
) -> QuerySet[Client]:
    """`clients` (already scoped to the user) narrowed to those behind the figure `key`."""
    ensure_spells()
    params = month.params(municipality_id)
    if key.startswith("traject:"):
        _, type_id, measure = ([*key.split(":"), "", ""])[:3]
        if not type_id.isdigit() or measure not in TRAJECTORY_MEASURES:
            raise UnknownFigure(key)
        sql = (
            "SELECT t.client_id FROM trajectories_trajectory t "  # noqa: S608 - fixed fragments
            f"WHERE t.municipality_id = %(municipality)s AND t.type_id = %(value)s "
            f"AND {TRAJECTORY_MEASURES[measure]}"
        )
        params["value"] = int(type_id)
    else:
        condition, extra = _spell_condition(key)
        params |= extra
        sql = (
            "SELECT s.client_id FROM reporting_spell s "  # noqa: S608 - fixed fragments
            "LEFT JOIN clients_endreason r ON r.id = s.end_reason_id "
            f"LEFT JOIN categorisation_assessment a ON {IN_FORCE_ON_LAST} "
            f"WHERE s.municipality_id = %(municipality)s AND {condition}"
        )
    # RawSQL wants positional parameters: name them in order of appearance.
    return clients.filter(pk__in=RawSQL(*_positional(sql, params)))  # noqa: S611 - fixed SQL  # nosec B611


def _positional(sql: str, params: dict) -> tuple[str, list]:
    values = []

    def take(match):
        values.append(params[match.group(1)])
        return "%s"

    return re.sub(r"%\((\w+)\)s", take, sql), values
