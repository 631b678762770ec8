"""The import's checks across rows: consulenten that exist and work for the municipality, and
the rows of one BSN that agree with each other."""

from __future__ import annotations

import logging
from datetime import date
from itertools import pairwise

from django.utils.translation import gettext as _

from clients.importer.rows import Row, RowError
from core.bsn import mask_bsn
from organisations.models import User

logger = logging.getLogger(__name__)


def dmy(value: date) -> str:
    return value.strftime("%d-%m-%Y")


def resolve_consulenten(rows: list[Row], *, user: User, errors: list[RowError]) -> dict:
    """username -> (user id, the ids of the municipalities they work for), one query."""
    names = {row.consulent for row in rows if row.consulent}
    found: dict[str, tuple[int, set[int]]] = {}
    if names:
        for username, pk, municipality_id in (
            User.objects.filter(
                organisation_id=user.organisation_id,
                is_active=True,
                username__in=names,
            )
            .order_by()
            .values_list("username", "pk", "municipalities")
        ):
            found.setdefault(username, (pk, set()))[1].add(municipality_id)
    for row in rows:
        if not row.consulent:
            continue
        if row.consulent not in found:
            errors.append(
                RowError(
                    row.number,
                    "consulent",
                    row.consulent,
                    _("Onbekende consulent: er is geen gebruiker met deze gebruikersnaam."),
                )
            )
        elif row.municipality_id not in found[row.consulent][1]:
            errors.append(
                RowError(
                    row.number,
                    "consulent",
                    row.consulent,
                    _("Deze consulent werkt niet voor deze gemeente."),
                )
            )
    return found


def check_within_file(rows: list[Row], errors: list[RowError]) -> None:
    """Rows of one BSN: the same person, different start dates, no overlapping periods."""
    first = rows[0]
    for row in rows[1:]:
        if row.person != first.person:
            errors.append(
                RowError(
                    row.number,
                    "bsn",
                    mask_bsn(row.bsn),
                    _("Dit BSN staat ook in regel %(row)s, met andere persoonsgegevens.")
                    % {"row": first.number},
                )
            )
    for previous, row in pairwise(rows):
        if row.start == previous.start:
            errors.append(
                RowError(
                    row.number,
                    "bsn",
                    mask_bsn(row.bsn),
                    _("Dit BSN staat ook in regel %(row)s, met dezelfde ingangsdatum.")
                    % {"row": previous.number},
                )
            )
        elif previous.end is None or previous.end >= row.start:
            errors.append(
                RowError(
                    row.number,
                    "ingangsdatum",
                    dmy(row.start),
                    _("Deze uitkering overlapt met de uitkering in regel %(row)s.")
                    % {"row": previous.number},
                )
            )
