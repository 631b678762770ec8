"""Spreadsheet downloads: one helper per format, so every CSV and XLSX Opstap serves is built
the same way.

Every text cell goes through `neutralise`: a text beginning with `=`, `+`, `-`, `@`, a tab or a
carriage return would be taken for a formula by Excel or LibreOffice (a consulent called
`=HYPERLINK(...)` becomes a link in a manager's report), so it gets a leading `'`, as OWASP
advises for CSV injection. Numbers and dates are written as numbers and dates, never as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EURO_FORMAT = "#,##0.00"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text that no spreadsheet reads as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _xlsx_value(value):
    if isinstance(value, Promise):
        value = str(value)
    return neutralise(value) if isinstance(value, str) else value


def _csv_value(value):
    if value is None or isinstance(value, int):  # bool is an int too
        return value
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")  # the decimal comma of Dutch Excel
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(str(value))


def xlsx_response(filename: str, sheets: Iterable[tuple[str, Sequence, Iterable[Sequence]]]):
    """An attachment with one sheet per (title, header, rows). Decimals get two decimals."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        for number, row in enumerate([header, *rows], start=1):
            sheet.append([_xlsx_value(v) for v in row])
            for cell in sheet[number]:
                if isinstance(cell.value, str):
                    cell.data_type = TYPE_STRING  # never a formula, whatever it starts with
                elif isinstance(cell.value, Decimal):
                    cell.number_format = EURO_FORMAT
                if number == 1:
                    cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename: str, header: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    """An attachment as Dutch Excel reads it: UTF-8 with a byte-order mark, `;` between fields,
    a decimal comma."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_csv_value(v) for v in header])
    writer.writerows([_csv_value(v) for v in row] for row in rows)
    return response


class _Lines:
    """A file for csv.writer that hands back what it is given."""

    def write(self, text: str) -> str:
        return text


def csv_streaming_response(
    filename: str, header: Sequence, batches: Iterable[Iterable[Sequence]]
) -> StreamingHttpResponse:
    """csv_response for lists of any length: `batches` yields the rows a batch at a time and
    each batch is sent as it comes, so only one batch is in memory."""
    writer = csv.writer(_Lines(), delimiter=";")

    def chunks():
        yield "\ufeff" + writer.writerow([_csv_value(v) for v in header])
        for batch in batches:
            yield "".join(writer.writerow([_csv_value(v) for v in row]) for row in batch)

    response = StreamingHttpResponse(chunks(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
