"""Reading a caseload export: CSV (UTF-8, with or without BOM, ";" or ",") or XLSX.

The kind of file is recognised from its content, never from its name: a PDF renamed to .csv is
refused, an .xlsx renamed to .csv is read as the workbook it is. What comes out is a list of raw
rows, each with the row number the user sees in a spreadsheet (the header is row 1) and its cells
in the order of COLUMNS.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass
from itertools import islice

from django.utils.translation import gettext as _

from clients import extensions
from clients.importer.limits import (
    CSV_MAX_LINE_CHARS,
    FileRefused,
    Limits,
    line_too_long,
    too_many_columns,
    too_many_rows,
    unpacks_too_large,
)
from clients.importer.xlsx import xlsx_rows

# The columns of the export, with their Dutch names as they appear in the header row.
COLUMNS = (
    "bsn",
    "voornamen",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "gemeentecode",
    "ingangsdatum",
    "einddatum",
    "reden_einde",
    "consulent",
)
__all__ = ["COLUMNS", "FileRefused", "RawRow", "WidthError", "read_table"]


@dataclass(slots=True)
class RawRow:
    number: int
    cells: tuple  # in the order of COLUMNS: str for CSV; str, int, float, date or None for XLSX
    extra: dict | None = None  # optional columns (clients.extensions.import_columns) by name


@dataclass(slots=True)
class WidthError:
    number: int
    found: int
    expected: int


def not_a_table() -> FileRefused:
    return FileRefused(
        _(
            "Dit bestand is geen CSV- of Excelbestand (.xlsx). Exporteer de caseload "
            "opnieuw als CSV (UTF-8) of als .xlsx."
        )
    )


def read_table(data: bytes, *, limits: Limits) -> tuple[list[RawRow], list[WidthError]]:
    """The data rows of the file, and the rows whose number of cells does not fit the header.
    A file beyond `limits` is refused before the rows are read."""
    if not data.strip():
        raise FileRefused(_("Het bestand is leeg."))
    if data.startswith(b"PK\x03\x04"):
        # A sheet row leaves out its empty cells at the end: pad it rather than refuse it.
        return _with_header(_xlsx_rows(data, limits=limits), pad_short=True)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused(
            _(
                "Oude Excelbestanden (.xls) worden niet ondersteund. Sla het bestand "
                "op als .xlsx of als CSV (UTF-8)."
            )
        )
    return _with_header(_csv_rows(data, limits=limits), pad_short=False)


def _csv_rows(data: bytes, *, limits: Limits):
    """The rows of a CSV, decoded and split as they are read: the file is never held as one
    text (a str of a 50 MB file would be 50 to 200 MB more)."""
    if data.startswith(b"%PDF") or b"\x00" in data:
        raise not_a_table()
    if not _is_utf8(data):
        if _looks_binary(data):
            raise not_a_table()
        raise FileRefused(
            _(
                "Het bestand is geen UTF-8-tekst. Sla het in Excel op als 'CSV UTF-8 "
                "(door komma's gescheiden)' of als .xlsx."
            )
        )
    head = data[:4096].decode("utf-8-sig", errors="ignore")
    if any(ord(char) < 32 and char not in "\t\r\n" for char in head):
        raise not_a_table()
    first_line = next((line for line in _lines(data, None, limits) if line.strip()), "")
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    number = 0
    try:
        if max(data.count(b"\n"), data.count(b"\r")) > limits.rows:
            # Perhaps more rows than allowed: count them (quoted cells may hold line breaks)
            # before keeping any.
            reader = csv.reader(_lines(data, delimiter, limits), delimiter=delimiter)
            if sum(1 for _row in islice(reader, limits.rows + 2)) > limits.rows + 1:
                raise too_many_rows(limits)
        reader = csv.reader(_lines(data, delimiter, limits), delimiter=delimiter)
        for number, cells in enumerate(reader, start=1):
            if number > limits.rows + 1:
                raise too_many_rows(limits)
            if len(cells) > limits.columns:
                where = _("Een veld in regel %(row)s") % {"row": number}
                raise too_many_columns(limits, where=where)
            yield number, cells
    except csv.Error as exc:
        raise FileRefused(
            _(
                "Het CSV-bestand is niet te lezen vanaf regel %(row)s. Controleer de "
                "aanhalingstekens."
            )
            % {"row": number + 1}
        ) from exc


def _is_utf8(data: bytes) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), 1024 * 1024):
            decoder.decode(view[start : start + 1024 * 1024])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _lines(data: bytes, delimiter: str | None, limits: Limits):
    """The lines of the file for the csv reader, decoded as they are read, refusing a line
    longer than CSV_MAX_LINE_CHARS or with far more separators than the columns allowed before
    the reader makes a list of its fields."""
    most = limits.columns - 1
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    number = 0
    while line := stream.readline(CSV_MAX_LINE_CHARS):
        number += 1
        if len(line) == CSV_MAX_LINE_CHARS and not line.endswith(("\n", "\r")):
            raise line_too_long(number)
        if delimiter is None:
            yield line
            continue
        found = line.count(delimiter)
        # A quoted cell may hold a separator; no caseload has hundreds in a line.
        if found > most and ('"' not in line or found > 8 * limits.columns):
            where = _("Een veld in regel %(row)s") % {"row": number}
            raise too_many_columns(limits, where=where)
        yield line


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\t\r\n")
    return controls > len(sample) // 100


def _xlsx_rows(data: bytes, *, limits: Limits):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        # The sizes the archive declares; unpacking never yields more than these (zipfile stops
        # there and fails the checksum), so a zip bomb is refused before anything is unpacked.
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise not_a_table() from exc
    if unpacked > limits.unpacked_bytes:
        raise unpacks_too_large(limits)
    try:
        yield from xlsx_rows(archive, limits=limits)
    except FileRefused:
        raise
    except Exception as exc:  # any damaged or foreign zip: the user gets a message, never a 500
        raise not_a_table() from exc
    finally:
        archive.close()


def _is_blank(cells) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _header_name(cell) -> str:
    return str(cell).strip().lstrip("\ufeff").strip().lower() if cell is not None else ""


def _with_header(table, *, pad_short: bool) -> tuple[list[RawRow], list[WidthError]]:
    header = None
    for _number, cells in table:
        if not _is_blank(cells):
            header = [_header_name(cell) for cell in cells]
            break
    if header is None:
        raise FileRefused(_("Het bestand is leeg."))
    while header and not header[-1]:
        header.pop()
    positions = _column_positions(header)
    optional = [(name, header.index(name)) for name in optional_columns() if name in header]
    width = len(header)
    rows, width_errors = [], []
    for number, cells in table:
        if _is_blank(cells):
            continue
        if pad_short and len(cells) < width:
            cells = (*cells, *([None] * (width - len(cells))))
        if len(cells) != width:
            extra = cells[width:]
            if len(cells) < width or not _is_blank(extra):
                width_errors.append(WidthError(number, len(cells), width))
                continue
        extra = {name: cells[index] for name, index in optional} if optional else None
        rows.append(RawRow(number, tuple(cells[index] for index in positions), extra))
    if not rows and not width_errors:
        raise FileRefused(_("Het bestand bevat alleen een kopregel en geen cliënten."))
    return rows, width_errors


def optional_columns() -> tuple[str, ...]:
    """The optional columns other apps take along (clients.extensions.import_columns)."""
    return tuple(name for ext in extensions.import_columns for name in ext.columns)


def _column_positions(header: list[str]) -> list[int]:
    messages = []
    known = (*COLUMNS, *optional_columns())
    missing = [name for name in COLUMNS if name not in header]
    unknown = [name or _("(kolom zonder naam)") for name in header if name not in known]
    doubled = sorted({name for name in header if name in known and header.count(name) > 1})
    if missing:
        messages.append(_("Deze kolommen ontbreken: %(names)s.") % {"names": ", ".join(missing)})
    if unknown:
        messages.append(
            _("Deze kolommen zijn onbekend: %(names)s.") % {"names": ", ".join(unknown)}
        )
    if doubled:
        messages.append(
            _("Deze kolommen staan er meer dan eens in: %(names)s.") % {"names": ", ".join(doubled)}
        )
    if messages:
        messages.append(
            _(
                "De kopregel moet precies deze kolommen hebben: %(names)s; en mag deze hebben: "
                "%(optional)s."
            )
            % {"names": ", ".join(COLUMNS), "optional": ", ".join(optional_columns()) or "-"}
        )
        raise FileRefused(*messages)
    return [header.index(name) for name in COLUMNS]
