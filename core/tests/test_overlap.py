"""The overlap checks as statement triggers (core.overlap, issue 22) on benefit periods,
assessments and ladder steps: what a GiST exclusion constraint refused is still refused, whatever
door the rows come through: one row (core/tests/test_ranges.py has every pair), many rows in one
statement, an UPDATE, and two transactions at the same moment."""

from __future__ import annotations

import threading
import time
from datetime import date

import psycopg
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from categorisation.models import Assessment, Category
from clients.models import BenefitPeriod, EndReason
from core.overlap import DaysDoNotOverlap
from tests.connections import other_connection
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


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
    """Each migration wrote its function from core/overlap.py; a change there needs a migration
    that writes it again."""
    checks = [
        (model, constraint)
        for model in apps.get_models()
        for constraint in model._meta.constraints
        if isinstance(constraint, DaysDoNotOverlap)
    ]
    assert {constraint.name for _model, constraint in checks} == {
        "benefit_no_overlap",
        "assessment_no_overlap",
        "ladder_no_overlap",
    }
    with connection.cursor() as cursor:
        for model, constraint in checks:
            cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = %s", [constraint.name])
            [(source,)] = cursor.fetchall()
            assert source == constraint.function_body(model), constraint.name
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass "
                "AND tgfoid = %s::regproc AND tgenabled <> 'D' ORDER BY 1",
                [model._meta.db_table, constraint.name],
            )
            assert [name for (name,) in cursor.fetchall()] == [
                f"{constraint.name}_insert",
                f"{constraint.name}_update",
            ]


INSERT = "INSERT INTO clients_benefitperiod (client_id, municipality_id, start) VALUES (%s, %s, %s)"


@pytest.mark.django_db(transaction=True)
def test_two_transactions_cannot_both_add_an_overlapping_period(wassenaar):
    """Neither sees the other's uncommitted row; the second waits for the first's lock on the
    client, then sees its period and is refused."""
    person = ClientFactory(municipality=wassenaar)
    args = (person.pk, wassenaar.pk)
    outcome: dict[str, object] = {}
    with (
        other_connection(autocommit=False) as first,
        other_connection(autocommit=False) as second,
    ):
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


def test_withdrawn_assessments_do_not_count_in_django_validation_either(consulent, wassenaar):
    person = ClientFactory(municipality=wassenaar)
    category = Category.objects.get(code="1A")

    def assessment(day) -> Assessment:
        return Assessment(
            client=person, date=day, category=category, estimated_months=1, assessed_by=consulent
        )

    first = assessment(date(2025, 1, 1))
    first.save()
    later = assessment(date(2025, 2, 1))
    with pytest.raises(ValidationError, match="overlapt met een andere beoordeling"):
        later.validate_constraints()
    first.validate_constraints()  # not with itself

    Assessment.objects.filter(pk=first.pk).update(withdrawn_at=timezone.now())
    later.validate_constraints()
    later.save()
    # A withdrawn row is not checked against the rows in force.
    first.refresh_from_db()
    first.validate_constraints()
