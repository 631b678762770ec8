"""Import of a caseload export from the benefits administration (docs/import.md).

`import_caseload(data=..., user=..., commit=False)` checks a file and counts what it would do;
with `commit=True` it checks again and imports everything in one transaction, or nothing.
"""

from clients.importer.reading import COLUMNS
from clients.importer.rows import RowError
from clients.importer.service import ImportReport, import_caseload

__all__ = ["COLUMNS", "ImportReport", "RowError", "import_caseload"]
