"""The overlap check of benefit periods as a statement trigger (core.overlap, issue 22): what a
GiST exclusion constraint refused is still refused, whatever door the rows come through: one row
(core/tests/test_ranges.py has every pair), many rows in one statement, an UPDATE, and two
transactions at the same moment."""

from __future__ import annotations

import threading
import time
from datetime import date

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction

from clients.models import BenefitPeriod, EndReason
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

CONSTRAINT = next(c for c in BenefitPeriod._meta.constraints if c.name == "benefit_no_overlap")


def period(person, start, end=None, reason=None) -> BenefitPeriod:
    return BenefitPeriod(
        client=person, municipality=person.municipality, start=start, end=end, end_reason=reason
    )


def test_rows_of_one_statement_that_overlap_each_other_are_refused(wassenaar):
    werk = EndReason.objects.get(code="11")
    person, other = ClientFactory(municipality=wassenaar), ClientFactory(municipality=wassenaar)

    with pytest.raises(IntegrityError, match="benefit_no_overlap"), transaction.atomic():
        BenefitPeriod.objects.bulk_create(
            [
                period(other, date(2024, 1, 1)),  # another client's rows do not matter
                period(person, date(2024, 1, 1), date(2024, 3, 31), werk),
                period(person, date(2024, 3, 31)),  # the end day is the last day of benefit
            ]
        )

    assert not BenefitPeriod.objects.filter(client__in=[person, other]).exists()
    BenefitPeriod.objects.bulk_create(
        [
            period(other, date(2024, 1, 1)),
            period(person, date(2024, 1, 1), date(2024, 3, 31), werk),
            period(person, date(2024, 4, 1)),
        ]
    )
    assert BenefitPeriod.objects.filter(client=person).count() == 2


def test_an_update_that_makes_periods_overlap_is_refused(wassenaar):
    werk = EndReason.objects.get(code="11")
    person = ClientFactory(municipality=wassenaar)
    period(person, date(2024, 1, 1), date(2024, 1, 31), werk).save()
    later = period(person, date(2024, 3, 1))
    later.save()

    with pytest.raises(IntegrityError, match="benefit_no_overlap"), transaction.atomic():
        BenefitPeriod.objects.filter(pk=later.pk).update(start=date(2024, 1, 15))

    later.refresh_from_db()
    assert later.start == date(2024, 3, 1)
    BenefitPeriod.objects.filter(pk=later.pk).update(start=date(2024, 2, 1))


def test_the_database_runs_the_check_the_code_describes():
    """The migration wrote the function from core/overlap.py; a change there needs a migration
    that writes it again."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'benefit_no_overlap'")
        [(source,)] = cursor.fetchall()
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'clients_benefitperiod'::regclass "
            "AND tgname LIKE 'benefit_no_overlap%%' AND tgenabled <> 'D' ORDER BY 1"
        )
        triggers = [name for (name,) in cursor.fetchall()]
    assert source == CONSTRAINT.function_body(BenefitPeriod)
    assert triggers == ["benefit_no_overlap_insert", "benefit_no_overlap_update"]


def _connect() -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings.get("PASSWORD") or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
    )


INSERT = "INSERT INTO clients_benefitperiod (client_id, municipality_id, start) VALUES (%s, %s, %s)"


@pytest.mark.django_db(transaction=True)
def test_two_transactions_cannot_both_add_an_overlapping_period(wassenaar):
    """Neither sees the other's uncommitted row; the second waits for the first's lock on the
    client, then sees its period and is refused."""
    person = ClientFactory(municipality=wassenaar)
    args = (person.pk, wassenaar.pk)
    outcome: dict[str, object] = {}
    with _connect() as first, _connect() as second:
        first.execute(INSERT, (*args, date(2024, 1, 1)))

        def add_second():
            try:
                second.execute(INSERT, (*args, date(2024, 6, 1)))
                second.commit()
                outcome["second"] = "saved"
            except psycopg.errors.ExclusionViolation as error:
                second.rollback()
                outcome["second"] = error.diag.constraint_name

        thread = threading.Thread(target=add_second)
        thread.start()
        time.sleep(0.5)
        assert "second" not in outcome  # waiting for the first transaction
        first.commit()
        thread.join(10)

    assert outcome == {"second": "benefit_no_overlap"}
    assert list(BenefitPeriod.objects.filter(client=person).values_list("start", flat=True)) == [
        date(2024, 1, 1)
    ]
