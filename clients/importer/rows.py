"""Checking the cells of one row: formats, code tables and the rules of a benefit period.

Nothing here queries the database per row: the code tables come in as dictionaries, loaded once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.nl import bsn as stdnum_bsn

from clients.models import BenefitRule, Client, benefit_start_refusal
from core.bsn import mask_bsn, validate_bsn
from core.dates import EARLIEST, add_years, horizon_years, validate_plausible_date


@dataclass(slots=True)
class RowError:
    """One refusal: the row (None for the file as a whole), the column, the value as shown."""

    row: int | None
    column: str
    value: str
    message: str


class ErrorList(list):
    """The errors of an import, keeping the first `limit` of them: a file of a million bad rows
    gives a report of `limit` errors and a count, not a million objects. `total` counts every
    error and `rows` holds the number of every row with one, so nothing of a refused row is
    imported whichever of its errors were kept."""

    def __init__(self, limit: int, errors=()):
        super().__init__()
        self.limit = limit
        self.total = 0
        self.rows: set[int | None] = set()
        self.extend(errors)

    def append(self, error: RowError) -> None:
        self.total += 1
        self.rows.add(error.row)
        if len(self) < self.limit:
            super().append(error)

    def extend(self, errors) -> None:
        for error in errors:
            self.append(error)

    @property
    def left_out(self) -> int:
        return self.total - len(self)


@dataclass(slots=True)
class Row:
    """A row that passed every check of its own; the checks across rows and against the
    database come after."""

    number: int
    bsn: str
    first_names: str
    prefix: str
    last_name: str
    date_of_birth: date
    municipality_id: int
    start: date
    end: date | None
    end_reason_id: int | None
    consulent: str  # a username, resolved against the organisation's users later

    @property
    def person(self) -> tuple:
        return (self.first_names, self.prefix, self.last_name, self.date_of_birth)


def text(cell) -> str:
    """A cell as the text the user typed: Excel numbers without ".0", dates as ISO."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    return str(cell).strip()


def bsn_of(cell) -> str:
    """The BSN of a cell in the form it is stored, valid or not: to group a client's rows."""
    return stdnum_bsn.compact(text(cell))


def shown(column: str, cell) -> str:
    """The value as the report may show it: a BSN only masked, long values cut short."""
    value = text(cell)
    if column == "bsn":
        return mask_bsn(value)
    return value if len(value) <= 60 else value[:57] + "..."


class RowChecker:
    """Checks rows one by one against code tables loaded once for the whole file."""

    def __init__(self, *, municipalities: dict[str, int], end_reasons: dict[str, int]):
        self.municipalities = municipalities  # CBS code -> id, only the user's own municipalities
        self.end_reasons = end_reasons  # CBS code -> id
        self.today = timezone.localdate()
        self.latest = add_years(self.today, horizon_years())
        self.benefit_rules = list(BenefitRule.objects.order_by("-valid_from"))
        self.max_lengths = {
            name: Client._meta.get_field(name).max_length
            for name in ("first_names", "prefix", "last_name")
        }

    def check(self, number: int, cells: tuple, errors: list[RowError]) -> Row | None:
        """The row, or None after adding its errors to `errors`."""
        found: list[RowError] = []

        def refuse(column: str, cell, message: str) -> None:
            found.append(RowError(number, column, shown(column, cell), message))

        (
            bsn_cell,
            first_cell,
            prefix_cell,
            last_cell,
            birth_cell,
            code_cell,
            start_cell,
            end_cell,
            reason_cell,
            consulent_cell,
        ) = cells

        bsn = self._bsn(bsn_cell, refuse)
        first_names = self._name("voornamen", first_cell, "first_names", refuse, required=True)
        prefix = self._name("tussenvoegsel", prefix_cell, "prefix", refuse, required=False)
        last_name = self._name("achternaam", last_cell, "last_name", refuse, required=True)
        birth = self._date("geboortedatum", birth_cell, refuse, required=True)
        if birth is not None and birth > self.today:
            refuse("geboortedatum", birth_cell, _("De geboortedatum ligt in de toekomst."))
            birth = None
        code = text(code_cell)
        if code.isdigit() and len(code) < 4:
            code = code.zfill(4)  # Excel drops the leading zero of 0629
        municipality_id = self.municipalities.get(code)
        if municipality_id is None:
            refuse("gemeentecode", code_cell, _("Onbekende gemeentecode of geen toegang."))
        start = self._date("ingangsdatum", start_cell, refuse, required=True)
        end = self._date("einddatum", end_cell, refuse, required=False)
        reason_id = self._end_reason(reason_cell, refuse)
        if start is not None and (
            refusal := benefit_start_refusal(birth=birth, start=start, rules=self.benefit_rules)
        ):
            refuse("ingangsdatum", start_cell, refusal)
        if start is not None and end is not None and end < start:
            refuse("einddatum", end_cell, _("De einddatum ligt vóór de ingangsdatum."))
        if end is not None and reason_id is None and not text(reason_cell):
            refuse(
                "reden_einde",
                reason_cell,
                _("Bij een einddatum hoort een reden beëindiging (CBS-code)."),
            )
        if end is None and not text(end_cell) and text(reason_cell):
            refuse(
                "einddatum",
                end_cell,
                _(
                    "Er is een reden beëindiging maar geen einddatum: "
                    "vul de einddatum in of laat de reden leeg."
                ),
            )
        if found:
            errors.extend(found)
            return None
        return Row(
            number,
            bsn,
            first_names,
            prefix,
            last_name,
            birth,
            municipality_id,
            start,
            end,
            reason_id,
            text(consulent_cell),
        )

    def _bsn(self, cell, refuse) -> str:
        value = text(cell)
        if not value:
            refuse("bsn", cell, _("Vul het BSN in."))
            return ""
        # Fast path for the usual nine plain digits: stdnum's own elfproef, without its cleaning.
        if (
            len(value) == 9
            and value.isascii()
            and value.isdigit()
            and value != "000000000"
            and stdnum_bsn.checksum(value) == 0
        ):
            return value
        try:
            validate_bsn(value)
        except ValidationError as error:
            refuse("bsn", cell, error.messages[0])
            return ""
        return stdnum_bsn.compact(value)

    def _name(self, column: str, cell, field: str, refuse, *, required: bool) -> str:
        value = text(cell)
        if required and not value:
            refuse(column, cell, _("Vul de %(column)s in.") % {"column": column})
        elif len(value) > self.max_lengths[field]:
            refuse(
                column,
                cell,
                _("Te lang: hooguit %(max)s tekens.") % {"max": self.max_lengths[field]},
            )
        return value

    def _date(self, column: str, cell, refuse, *, required: bool) -> date | None:
        if isinstance(cell, datetime):
            value = cell.date()
        elif isinstance(cell, date):
            value = cell
        else:
            raw = text(cell)
            if not raw:
                if required:
                    refuse(column, cell, _("Vul de %(column)s in.") % {"column": column})
                return None
            value = parse_date(raw)
            if value is None:
                refuse(column, cell, _("Geen geldige datum: gebruik JJJJ-MM-DD of DD-MM-JJJJ."))
                return None
        if not EARLIEST <= value <= self.latest:
            try:
                validate_plausible_date(value)
            except ValidationError as error:
                refuse(column, cell, error.messages[0])
                return None
        return value

    def _end_reason(self, cell, refuse) -> int | None:
        code = text(cell)
        if not code:
            return None
        if code.isdigit() and len(code) == 1:
            code = code.zfill(2)  # Excel drops the leading zero of 01
        reason_id = self.end_reasons.get(code)
        if reason_id is None:
            refuse(
                "reden_einde",
                cell,
                _(
                    "Onbekende code voor de reden beëindiging; gebruik een "
                    "CBS-code zoals 11 (werk in loondienst)."
                ),
            )
        return reason_id


def parse_date(raw: str) -> date | None:
    """YYYY-MM-DD or DD-MM-YYYY (also D-M-YYYY, as Dutch Excel writes it); None if neither."""
    if len(raw) == 10 and raw[4] == "-" and raw[7] == "-" and raw.isascii():
        try:
            return date.fromisoformat(raw)
        except ValueError:
            return None
    parts = raw.split("-")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        return None
    if len(parts[0]) == 4 and len(parts[1]) <= 2 and len(parts[2]) <= 2:
        year, month, day = parts
    elif len(parts[2]) == 4 and len(parts[0]) <= 2 and len(parts[1]) <= 2:
        day, month, year = parts
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None
