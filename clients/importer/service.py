"""Import a caseload export: check every row, then write everything in one transaction or nothing.

The same function runs both phases. With `commit=False` it only checks and counts (the report the
user confirms); with `commit=True` it checks again, against the database as it is at that moment,
and writes only when no row has an error. Reading the database happens in one query per chunk of
BSNs, writing with COPY and bulk updates: the number of queries does not grow with the rows.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import psycopg
from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients import extensions
from clients.access import log_listed
from clients.importer.checks import check_within_file, dmy, resolve_consulenten
from clients.importer.limits import FileRefused, Limits
from clients.importer.reading import COLUMNS, read_table
from clients.importer.rows import ErrorList, Row, RowChecker, RowError, bsn_of
from clients.importer.sql import any_of
from clients.importer.writing import ClientPlan, write_plan
from clients.models import AccessAction, AccessResult, BenefitPeriod, Client, EndReason
from clients.services import BSN_REFUSED
from core.bsn import mask_bsn
from organisations.models import User

logger = logging.getLogger(__name__)

CHUNK = 5000
# How often a check reports its progress (Progress), in rows.
PROGRESS_EVERY = 5000
# The client fields an import row sets, with the columns they come from.
CLIENT_COLUMNS = {
    "first_names": "voornamen",
    "prefix": "tussenvoegsel",
    "last_name": "achternaam",
    "date_of_birth": "geboortedatum",
    "municipality_id": "gemeentecode",
    "consulent_id": "consulent",
}


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    periods_created: int = 0
    periods_changed: int = 0
    errors: list[RowError] = field(default_factory=list)  # the first OPSTAP_IMPORT_MAX_ERRORS
    imported: bool = False
    errors_left_out: int = 0  # errors found beyond those kept

    @property
    def file_errors(self) -> list[str]:
        return [error.message for error in self.errors if error.row is None]

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.errors_left_out

    @property
    def ok(self) -> bool:
        return not self.errors


def _no_progress(done: int, total: int) -> None:
    pass


def import_caseload(
    *,
    data: bytes,
    user: User,
    commit: bool,
    max_bytes: int | None = None,
    max_rows: int | None = None,
    progress=_no_progress,
) -> ImportReport:
    """Check the file and, with commit=True and no errors, import it in one transaction.
    `progress(done, total)` hears how many rows have been checked, every PROGRESS_EVERY rows.
    `max_rows` replaces the setting OPSTAP_IMPORT_MAX_ROWS (the command's --max-rows)."""
    if max_bytes is None:
        max_bytes = settings.OPSTAP_IMPORT_MAX_BYTES
    limits = Limits.from_settings(max_bytes=max_bytes, max_rows=max_rows)
    try:
        raw_rows, width_errors = read_table(data, limits=limits)
    except FileRefused as refused:
        return ImportReport(
            errors=[RowError(None, "", "", message) for message in refused.messages]
        )
    check = {"limits": limits, "progress": progress, "user": user}
    if not commit:
        return _check_and_write(raw_rows, width_errors, commit=False, **check)
    try:
        with transaction.atomic():
            report = _check_and_write(raw_rows, width_errors, commit=True, **check)
    except (DatabaseError, psycopg.DatabaseError) as exc:
        # Mostly someone saving the same clients between the check and the write. The database's
        # message may hold a BSN, so only the constraint's name goes to the log.
        cause = exc.__cause__ if isinstance(exc, DatabaseError) else exc
        constraint = getattr(getattr(cause, "diag", None), "constraint_name", None)
        logger.warning("Caseload import rolled back: %s %s", type(exc).__name__, constraint)
        message = _(
            "De import is afgebroken: gegevens in Opstap zijn tijdens het importeren gewijzigd of "
            "konden niet worden opgeslagen. Er is niets geïmporteerd; probeer het opnieuw."
        )
        return ImportReport(rows=len(raw_rows), errors=[RowError(None, "", "", message)])
    return report


def _check_and_write(
    raw_rows, width_errors, *, user: User, commit: bool, limits: Limits, progress
) -> ImportReport:
    total = len(raw_rows) + len(width_errors)
    report = ImportReport(rows=total, errors=ErrorList(limits.errors))
    errors = report.errors
    progress(0, total)
    for problem in width_errors:
        errors.append(
            RowError(
                problem.number,
                "",
                "",
                _(
                    "Deze regel heeft %(found)s velden, de kopregel %(expected)s. Controleer het "
                    "scheidingsteken en de aanhalingstekens."
                )
                % {"found": problem.found, "expected": problem.expected},
            )
        )

    municipalities = dict(user.scoped_municipalities().order_by().values_list("cbs_code", "pk"))
    checker = RowChecker(
        municipalities=municipalities,
        end_reasons=dict(
            EndReason.objects.filter(active=True).order_by().values_list("code", "pk")
        ),
    )
    rows = []
    extras: dict[int, list[dict]] = {}  # row number -> each extension's cleaned data
    for done, raw in enumerate(raw_rows, start=1):
        if (row := checker.check(raw.number, raw.cells, errors)) is not None:
            rows.append(row)
        if raw.extra is not None:
            extras[raw.number] = _check_extra(raw, errors)
        if done % PROGRESS_EVERY == 0:
            progress(done, total)
    refused_bsns = _bsns_with_errors(raw_rows, errors)
    consulenten = resolve_consulenten(rows, user=user, errors=errors)

    by_bsn: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_bsn[row.bsn].append(row)
    for bsn_rows in by_bsn.values():
        bsn_rows.sort(key=lambda row: row.start)
        check_within_file(bsn_rows, errors)

    plans, refused = [], []
    scoped_ids = set(municipalities.values())
    bsns = list(by_bsn)
    for offset in range(0, len(bsns), CHUNK):
        chunk = bsns[offset : offset + CHUNK]
        existing = _load_clients(chunk, user=user, lock=commit)
        periods = _load_periods([client["id"] for client in existing.values()])
        for bsn in chunk:
            plan = _plan(
                by_bsn[bsn],
                existing.get(bsn),
                periods,
                consulenten=consulenten,
                scoped_ids=scoped_ids,
                errors=errors,
                refused=refused,
            )
            if plan is not None:
                plans.append(plan)

    order = {name: index for index, name in enumerate(COLUMNS)}
    errors.sort(key=lambda error: (error.row or 0, order.get(error.column, -1)))
    report.errors_left_out = errors.left_out
    failed_rows = errors.rows
    failed_bsns = refused_bsns | {row.bsn for row in rows if row.number in failed_rows}
    plans = [plan for plan in plans if plan.bsn not in failed_bsns]
    for plan in plans:
        if plan.client_id is None:
            report.created += 1
        elif plan.changed_fields or plan.new_periods or plan.changed_periods:
            report.changed += 1
        else:
            report.unchanged += 1
        report.periods_created += len(plan.new_periods)
        report.periods_changed += len(plan.changed_periods)
    progress(total, total)
    if refused:
        log_listed(
            user=user,
            client_ids=refused,
            action=AccessAction.IMPORT,
            detail=_(
                "Import met het BSN van deze cliënt geweigerd: buiten het bereik van de gebruiker"
            ),
            result=AccessResult.REFUSED,
        )
    if commit and not errors:
        write_plan(plans, user=user, now=timezone.now())
        if extras:
            _write_extra(by_bsn, extras, plans, user=user)
        report.imported = True
    return report


def _check_extra(raw, errors: ErrorList) -> list[dict]:
    """The optional columns of one row, checked by the app that takes them along."""
    cleaned = []
    for ext in extensions.import_columns:
        values = {name: raw.extra[name] for name in ext.columns if name in raw.extra}
        data, problems = ext.check(values) if values else ({}, [])
        for column, message in problems:
            value = values.get(column)
            errors.append(
                RowError(raw.number, column, "" if value is None else str(value), message)
            )
        cleaned.append(data)
    return cleaned


def _write_extra(by_bsn: dict[str, list[Row]], extras: dict[int, list[dict]], plans, *, user: User):
    """After the clients are written (each plan knows its client's id by now): each
    extension's data of the client's latest row."""
    ids = {plan.bsn: plan.client_id for plan in plans}
    today = timezone.localdate()
    for index, ext in enumerate(extensions.import_columns):
        data = {}
        for bsn, bsn_rows in by_bsn.items():
            latest = bsn_rows[-1]  # sorted by start above
            cleaned = extras.get(latest.number)
            if cleaned and cleaned[index] and bsn in ids:
                data[ids[bsn]] = cleaned[index]
        if data:
            ext.write(data, user, today)


def _bsns_with_errors(raw_rows, errors: ErrorList) -> set[str]:
    """BSNs of rows refused on their own: the client's other rows are not imported either."""
    failed = errors.rows
    return {bsn_of(raw.cells[0]) for raw in raw_rows if raw.number in failed}


def _load_clients(bsns: list[str], *, user: User, lock: bool) -> dict[str, dict]:
    clients = Client.objects.filter(
        organisation_id=user.organisation_id, bsn__in=any_of(bsns, "varchar")
    ).order_by()
    if lock:
        clients = clients.select_for_update()
    return {
        values["bsn"]: values
        for values in clients.values(
            "id",
            "bsn",
            "version",
            "first_names",
            "prefix",
            "last_name",
            "date_of_birth",
            "municipality_id",
            "consulent_id",
        )
    }


def _load_periods(client_ids: list[int]) -> dict[int, list[dict]]:
    periods: dict[int, list[dict]] = defaultdict(list)
    if client_ids:
        for values in (
            BenefitPeriod.objects.filter(client_id__in=any_of(client_ids, "bigint"))
            .order_by()
            .values(
                "id",
                "client_id",
                "municipality_id",
                "start",
                "end",
                "end_reason_id",
            )
        ):
            periods[values["client_id"]].append(values)
    return periods


def _plan(
    rows: list[Row],
    client: dict | None,
    periods: dict[int, list[dict]],
    *,
    consulenten: dict,
    scoped_ids: set[int],
    errors: list[RowError],
    refused: list[int],
) -> ClientPlan | None:
    latest = rows[-1]
    consulent_id = consulenten[latest.consulent][0] if latest.consulent in consulenten else None
    wanted = {
        "first_names": latest.first_names,
        "prefix": latest.prefix,
        "last_name": latest.last_name,
        "date_of_birth": latest.date_of_birth,
        "municipality_id": latest.municipality_id,
        "consulent_id": consulent_id,
    }
    if client is None:
        return ClientPlan(
            bsn=latest.bsn, client_id=None, fields=wanted, new_periods=rows, changed_periods=[]
        )
    if client["municipality_id"] not in scoped_ids:
        # Someone else's client: the screens' neutral refusal, and a refused row on that client.
        for row in rows:
            errors.append(RowError(row.number, "bsn", mask_bsn(row.bsn), str(BSN_REFUSED)))
        refused.append(client["id"])
        return None
    if consulent_id is None:
        wanted["consulent_id"] = client["consulent_id"]  # an empty cell keeps the consulent
    changed_fields = [name for name, value in wanted.items() if client[name] != value]

    existing = {period["start"]: period for period in periods.get(client["id"], [])}
    starts = {row.start for row in rows}
    others = [period for start, period in existing.items() if start not in starts]
    new_periods, changed_periods, ok = [], [], True
    for row in rows:
        period = existing.get(row.start)
        if period is not None and period["municipality_id"] != row.municipality_id:
            ok = False
            errors.append(
                RowError(
                    row.number,
                    "gemeentecode",
                    "",
                    _(
                        "Er is al een uitkering met deze ingangsdatum, betaald door een andere gemeente."
                    ),
                )
            )
            continue
        for other in others:
            if (other["end"] is None or row.start <= other["end"]) and (
                row.end is None or other["start"] <= row.end
            ):
                ok = False
                errors.append(
                    RowError(
                        row.number,
                        "ingangsdatum",
                        dmy(row.start),
                        _("Deze uitkering overlapt met de bestaande uitkering %(period)s.")
                        % {"period": _period_text(other["start"], other["end"])},
                    )
                )
        if period is None:
            new_periods.append(row)
        elif (period["end"], period["end_reason_id"]) != (row.end, row.end_reason_id):
            changed_periods.append((period["id"], row))
    if not ok:
        return None
    return ClientPlan(
        bsn=latest.bsn,
        client_id=client["id"],
        fields=wanted,
        changed_fields=changed_fields,
        version=client["version"],
        new_periods=new_periods,
        changed_periods=changed_periods,
    )


def _period_text(start: date, end: date | None) -> str:
    if end is None:
        return _("vanaf %(start)s (lopend)") % {"start": dmy(start)}
    return _("van %(start)s tot en met %(end)s") % {"start": dmy(start), "end": dmy(end)}
