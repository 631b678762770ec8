"""How large a caseload file may be, and the Dutch refusals when it is larger.

Every limit is checked before the part of the file it guards is parsed, or while streaming it,
never after: a 1.5 KB workbook with one cell at column KZZZZZ, a zip bomb or a CSV of millions of
lines is refused in a fraction of a second, in a few MB (docs/import.md, bench/import_limits.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

# An .xlsx is a zip archive; this many times the upload limit is the most it may unpack to (and
# never more than OPSTAP_IMPORT_MAX_UNPACKED_BYTES).
XLSX_MAX_UNPACK_FACTOR = 10
# Excel keeps at most 32,767 characters in a cell; in UTF-8 with escapes that stays under 1 MB.
# Longer text or attributes in the XML are no spreadsheet's, and are refused while streaming.
XML_MAX_TEXT_BYTES = 1024 * 1024
# A CSV line longer than this (a caseload line is a few hundred characters) is refused.
CSV_MAX_LINE_CHARS = 256 * 1024
# Workbook, relationships and styles are read whole; Excel's are kilobytes.
XML_MAX_SMALL_PART_BYTES = 10 * 1024 * 1024


class FileRefused(Exception):
    """The file as a whole cannot be read; the messages say why, in Dutch."""

    def __init__(self, *messages: str):
        self.messages = list(messages)
        super().__init__(" ".join(self.messages))


@dataclass(frozen=True, slots=True)
class Limits:
    rows: int  # data rows, the header not counted
    columns: int  # the rightmost column a cell may be in (A is 1)
    unpacked_bytes: int  # all parts of an .xlsx together, unpacked
    errors: int  # row errors kept for the report; the rest are counted

    @classmethod
    def from_settings(cls, *, max_bytes: int | None = None, max_rows: int | None = None) -> Limits:
        """The configured limits; `max_rows` replaces OPSTAP_IMPORT_MAX_ROWS (the management
        command's --max-rows, for a first full file; the web upload keeps the setting)."""
        if max_bytes is None:
            max_bytes = settings.OPSTAP_IMPORT_MAX_BYTES
        return cls(
            rows=settings.OPSTAP_IMPORT_MAX_ROWS if max_rows is None else max_rows,
            columns=settings.OPSTAP_IMPORT_MAX_COLUMNS,
            unpacked_bytes=min(
                max_bytes * XLSX_MAX_UNPACK_FACTOR, settings.OPSTAP_IMPORT_MAX_UNPACKED_BYTES
            ),
            errors=settings.OPSTAP_IMPORT_MAX_ERRORS,
        )


def column_letters(index: int) -> str:
    """Excel's name of a column, counting from 1: 1 is A, 27 is AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def too_many_rows(limits: Limits) -> FileRefused:
    return FileRefused(
        _(
            "Het bestand heeft meer dan %(rows)s regels. Splits het in bestanden van hooguit "
            "%(rows)s regels."
        )
        % {"rows": number_format(limits.rows, force_grouping=True)}
    )


def too_many_columns(limits: Limits, *, where: str) -> FileRefused:
    return FileRefused(
        _(
            "%(where)s ligt voorbij kolom %(last)s: een caseload-export heeft tien kolommen (en "
            "hooguit elf met contactgegevens) en het bestand mag er hooguit %(columns)s hebben. "
            "Verwijder alles rechts van de tabel."
        )
        % {"where": where, "last": column_letters(limits.columns), "columns": limits.columns}
    )


def unpacks_too_large(limits: Limits) -> FileRefused:
    return FileRefused(
        _("Het Excelbestand is uitgepakt groter dan %(mb)s MB. Splits het bestand of gebruik CSV.")
        % {"mb": limits.unpacked_bytes // (1024 * 1024)}
    )


def text_too_long() -> FileRefused:
    return FileRefused(
        _(
            "Het Excelbestand bevat een cel of onderdeel van meer dan %(kb)s kB. Zo'n bestand is "
            "geen caseload-export; exporteer de caseload opnieuw."
        )
        % {"kb": XML_MAX_TEXT_BYTES // 1024}
    )


def line_too_long(row: int) -> FileRefused:
    return FileRefused(
        _(
            "Regel %(row)s is langer dan %(kb)s kB. Zo'n bestand is geen caseload-export; "
            "exporteer de caseload opnieuw."
        )
        % {"row": row, "kb": CSV_MAX_LINE_CHARS // 1024}
    )
