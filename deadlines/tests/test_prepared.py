"""The signals of a small scope run as a statement prepared once per connection (planning the
union of every kind took far longer than running it for one client's file): the same rows as the
statement planned each time, and a failed run does not leave the connection unable to prepare."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agenda.models import Appointment, AppointmentKind
from agenda.models import Status as AppointmentStatus
from clients.models import Client
from deadlines import queries
from deadlines.tests.helpers import on_benefit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def no_show(client, consulent, days_ago):
    appointment = Appointment.objects.create(
        client=client, consulent=consulent, created_by=consulent,
        kind=AppointmentKind.objects.get(code="voortgangsgesprek"),
        date=TODAY - timedelta(days=days_ago), start="09:00", end="09:30", place="kantoor",
    )  # fmt: skip
    # The outcome recorded after the appointment was made (a later one would resolve it).
    Appointment.objects.filter(pk=appointment.pk).update(
        status=AppointmentStatus.NO_SHOW, outcome_at=timezone.now()
    )


def rows(groups):
    return [
        (group.kind.code, group.count, group.overdue,
         [(s.client_id, s.due, s.object_id, s.info, s.date, s.number) for s in group.signals])
        for group in groups
    ]  # fmt: skip


@pytest.fixture
def caseload(consulent, wassenaar):
    clients = [on_benefit(wassenaar, consulent=consulent) for _ in range(3)]
    for number, client in enumerate(clients):
        no_show(client, consulent, days_ago=10 + number)
    return Client.objects.filter(consulent=consulent)


def signal_sql(captured) -> list[str]:
    """The signal statements sent: planned (the scope's CTE) or prepared (its name)."""
    return [
        query["sql"]
        for query in captured
        if "signal_scope" in query["sql"] or "opstap_signals_" in query["sql"]
    ]


def test_the_prepared_statement_gives_the_rows_the_planned_one_gives(caseload, monkeypatch):
    prepared = queries.signal_groups(caseload, TODAY)
    counts = queries.counts_by_consulent(caseload, TODAY)
    with_signal = set(queries.clients_with_signal(caseload, TODAY))
    monkeypatch.setattr(queries, "PREPARED_LIMIT", 0)  # every scope planned on each run
    with CaptureQueriesContext(connection) as captured:
        assert rows(queries.signal_groups(caseload, TODAY)) == rows(prepared)
    assert not any("EXECUTE" in sql for sql in signal_sql(captured))
    assert queries.counts_by_consulent(caseload, TODAY) == counts
    assert set(queries.clients_with_signal(caseload, TODAY)) == with_signal
    # Not vacuous: the taaltoets of a benefit since 2024, and the three no-shows.
    by_kind = {group.kind.code: group.count for group in prepared}
    assert by_kind == {"taaltoets": 3, "niet_verschenen": 3}


def test_it_is_prepared_once_per_connection_and_day_and_executed_after(caseload):
    queries.signal_groups(caseload, TODAY)  # prepared on this connection, if not yet
    with CaptureQueriesContext(connection) as captured:
        queries.signal_groups(caseload, TODAY)
        queries.signal_groups(caseload.filter(pk=caseload.first().pk), TODAY)
        queries.signal_groups(caseload, TODAY + timedelta(days=1))  # another day: its own
    sent = signal_sql(captured)
    assert len(sent) == 3
    assert ["PREPARE" in sql for sql in sent] == [False, False, True]
    assert all("EXECUTE" in sql for sql in sent)


def run_broken_statement(caseload):
    scope = queries.read_scope(caseload, TODAY)
    with transaction.atomic(), connection.cursor() as cursor:
        queries._execute_over_scope(cursor, "SELECT no_such_column FROM signal_scope", [], scope)


def test_after_a_failed_run_the_next_one_starts_afresh(caseload, monkeypatch):
    expected = rows(queries.signal_groups(caseload, TODAY))
    with pytest.raises(DatabaseError):
        run_broken_statement(caseload)
    with CaptureQueriesContext(connection) as captured:
        assert rows(queries.signal_groups(caseload, TODAY)) == expected
    assert "DEALLOCATE ALL" in signal_sql(captured)[0]
