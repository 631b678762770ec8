"""The import's write (issue 22): every constraint stays in place, others keep reading while it
writes, and every row it writes is in the change history."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from clients.importer import service
from clients.models import BenefitPeriod, Client, EndReason
from clients.tests.importing import csv_file, line, new_bsn, run
from history.models import EVENT_MODELS
from tests.connections import other_connection
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def import_dir(settings, tmp_path):
    settings.OPSTAP_IMPORT_DIR = str(tmp_path)
    return tmp_path


def test_others_read_the_caseload_while_an_import_writes(consulent, wassenaar, monkeypatch):
    """Between the write and the commit, a second connection reads clients and benefit periods
    without waiting, and the overlap check (its triggers) is there all along. (The import used to
    drop and re-add the constraint, holding an exclusive lock on the benefit periods until its
    commit.)"""
    seen = {}
    write_plan = service.write_plan

    def write_then_look(plans, **kwargs):
        write_plan(plans, **kwargs)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'benefit_no_overlap%%' "
                "AND tgrelid = 'clients_benefitperiod'::regclass AND tgenabled <> 'D'"
            )
            seen["constraint"] = cursor.fetchone()[0]
        with other_connection(autocommit=True) as other:
            other.execute("SET lock_timeout = '500ms'")
            seen["clients"] = other.execute("SELECT count(*) FROM clients_client").fetchone()[0]
            seen["periods"] = other.execute(
                "SELECT count(*) FROM clients_benefitperiod"
            ).fetchone()[0]

    monkeypatch.setattr(service, "write_plan", write_then_look)
    report = run(consulent, csv_file([line(new_bsn()) for _ in range(20)]))

    assert report.imported, report.errors
    assert seen["constraint"] == 2  # its INSERT and UPDATE triggers
    # The other connection does not see the uncommitted rows, but it is not blocked either.
    assert (seen["clients"], seen["periods"]) == (0, 0)
    assert BenefitPeriod.objects.count() == 20


def test_new_clients_take_their_ids_from_the_sequence(consulent, wassenaar, monkeypatch):
    """The import takes its clients' ids from the table's sequence before it writes them, so a
    client registered meanwhile on another connection gets an id of its own, and each imported
    client has the id of its own BSN (no reading back by BSN)."""
    seen = {}
    write_plan = service.write_plan

    def write_then_take_one(plans, **kwargs):
        write_plan(plans, **kwargs)
        seen["plans"] = {plan.bsn: plan.client_id for plan in plans}
        with other_connection(autocommit=True) as other:
            seen["next"] = other.execute(
                "SELECT nextval(pg_get_serial_sequence('clients_client', 'id'))"
            ).fetchone()[0]

    monkeypatch.setattr(service, "write_plan", write_then_take_one)
    bsns = [new_bsn() for _ in range(5)]
    assert run(consulent, csv_file([line(bsn) for bsn in bsns])).imported

    stored = dict(Client.objects.filter(bsn__in=bsns).values_list("bsn", "pk"))
    assert stored == seen["plans"]
    assert seen["next"] > max(stored.values())
    later = ClientFactory(municipality=wassenaar)
    assert later.pk > seen["next"]


def test_every_row_an_import_writes_is_in_the_change_history(consulent, wassenaar):
    work = EndReason.objects.get(code="11")
    bsn = new_bsn()
    assert run(consulent, csv_file([line(bsn, ingangsdatum="2024-01-01")])).imported
    client = Client.objects.get(bsn=bsn)
    period = client.benefit_periods.get()
    client_events = EVENT_MODELS[Client].objects.filter(pgh_obj_id=client.pk)
    period_events = EVENT_MODELS[BenefitPeriod].objects.filter(pgh_obj_id=period.pk)
    assert list(client_events.values_list("pgh_label", flat=True)) == ["insert"]
    assert list(period_events.values_list("pgh_label", flat=True)) == ["insert"]

    # A second file ends the benefit: an update event with the new end.
    ended = line(bsn, ingangsdatum="2024-01-01", einddatum="2024-06-30", reden_einde="11")
    assert run(consulent, csv_file([ended])).imported
    update = period_events.get(pgh_label="update")
    assert (update.end, update.end_reason_id) == (date(2024, 6, 30), work.pk)


def test_a_period_that_overlaps_is_refused_per_row_not_by_the_constraint(consulent, wassenaar):
    bsn = new_bsn()
    assert run(consulent, csv_file([line(bsn, ingangsdatum="2024-01-01")])).imported
    report = run(consulent, csv_file([line(bsn, ingangsdatum="2024-03-01")]))

    assert not report.imported
    assert [(error.row, error.column) for error in report.errors] == [(2, "ingangsdatum")]
    assert "overlapt" in report.errors[0].message
    assert BenefitPeriod.objects.filter(client__bsn=bsn).count() == 1
