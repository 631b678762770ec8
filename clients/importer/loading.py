"""Loading many rows in batches through the import's path (COPY, `core.bulk.copy_rows`): what
`seed_demo` builds a million clients with.

A builder adds rows to a `Loader`'s tables as it draws them; once one table holds a batch, every
table's rows go to the database with COPY, in the order the tables were declared (parents first,
so a statement trigger of a child table finds its parent rows), and memory holds a batch per
table, not a table. The COPY
runs in a second thread on the same connection and transaction while the builder draws the next
batch, so Python and PostgreSQL work at the same time (psycopg serialises the connection's use;
a query of the builder waits for a COPY in progress). A table's rows go in the order they were
added; ids the builder gives stay as given, and each COPY
moves the table's id sequence past them. Foreign keys are checked when the transaction commits
(Django's are deferred), so a batch may name a row of a batch still to come.
"""

from __future__ import annotations

import queue
import threading
from collections import Counter

from django.db import DEFAULT_DB_ALIAS, connections, models

from core.bulk import copy_rows

BATCH = 20_000  # rows per table per COPY
_DONE = object()


class Table:
    """Rows of one model with fixed fields; `add(row)` a tuple in the order of the fields."""

    def __init__(self, loader: Loader, model: type[models.Model], fields: list[str]):
        self.loader, self.model, self.fields = loader, model, fields
        self.rows: list[tuple] = []

    def add(self, row) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.loader.batch:
            self.loader.flush()


class Loader:
    """`with Loader() as load: clients = load.table(Client, [...]); clients.add(row)`.
    Leaving the block sends what is left and waits until every COPY is done; an error of a COPY
    is raised there (or at the next full batch, or instead of the error of a builder's query that
    failed because of it), after which the caller's atomic block rolls back as with any failed
    statement."""

    def __init__(self, *, batch: int = BATCH, using: str = DEFAULT_DB_ALIAS):
        self.batch = batch
        self.counts: Counter[str] = Counter()  # rows sent per table
        self._tables: list[Table] = []
        self._connection = connections[using]
        self._using = using
        self._queue: queue.Queue = queue.Queue(maxsize=2)  # batches drawn but not yet sent
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def table(self, model: type[models.Model], fields: list[str]) -> Table:
        table = Table(self, model, fields)
        self._tables.append(table)
        return table

    def flush(self) -> None:
        """Send every table's rows, parents first."""
        for table in self._tables:
            self._send(table)

    def _send(self, table: Table) -> None:
        rows, table.rows = table.rows, []
        if not rows:
            return
        self._raise_error()
        if self._thread is None:
            self._connection.ensure_connection()
            self._connection.inc_thread_sharing()
            self._thread = threading.Thread(target=self._copy_batches, daemon=True)
            self._thread.start()
        self._queue.put((table.model, table.fields, rows))
        self.counts[table.model._meta.db_table] += len(rows)

    def count(self, model: type[models.Model]) -> int:
        return self.counts[model._meta.db_table]

    def __enter__(self) -> Loader:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        try:
            if kind is None:
                self.flush()
        finally:
            self._stop()
        # A COPY's error first: a query of the builder after it fails only because of it.
        self._raise_error()

    def _stop(self) -> None:
        if self._thread is None:
            return
        self._queue.put(_DONE)
        self._thread.join()
        self._thread = None
        self._connection.dec_thread_sharing()

    def _raise_error(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _copy_batches(self) -> None:
        # This thread's `django.db.connection` is the builder's: same session, same transaction.
        connections[self._using] = self._connection
        while (batch := self._queue.get()) is not _DONE:
            if self._error is None:
                try:
                    copy_rows(*batch)
                except BaseException as exc:  # raised again in the builder
                    self._error = exc
