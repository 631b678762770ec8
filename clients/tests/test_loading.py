"""The batch loader seed_demo builds with (clients/importer/loading.py): rows arrive whole, in
batches, parents first, on the builder's own transaction; a failed COPY or a failing builder
stops it without leaving anything half-written."""

from __future__ import annotations

from datetime import date

import psycopg
import pytest
from django.db import transaction
from django.utils import timezone

from clients.importer import loading
from clients.importer.loading import Loader
from clients.models import BenefitPeriod, ContactKind, ContactNote, EndReason
from core.bulk import next_id
from tests.factories import BenefitPeriodFactory, ClientFactory, UserFactory

pytestmark = pytest.mark.django_db


PERIOD_FIELDS = ["id", "client", "municipality", "start", "end", "end_reason"]


def _period(pk, client, year):
    reason = EndReason.objects.order_by("pk").first().pk
    return (pk, client.pk, client.municipality_id, date(year, 1, 1), date(year, 6, 30), reason)


def _load_periods(rows, *, batch, then=None):
    """Load the rows in a savepoint; `then` is raised by the builder after the last row."""
    with transaction.atomic(), Loader(batch=batch) as load:
        periods = load.table(BenefitPeriod, PERIOD_FIELDS)
        for row in rows:
            periods.add(row)
        if then is not None:
            raise then


def test_rows_go_in_batches_parents_first_with_their_ids(monkeypatch):
    author = UserFactory()
    people = [ClientFactory() for _ in range(3)]
    sent = []

    def recording(model, fields, rows):
        sent.append((model, len(rows)))
        return copy_rows(model, fields, rows)

    copy_rows = loading.copy_rows
    monkeypatch.setattr(loading, "copy_rows", recording)
    first = next_id(BenefitPeriod)
    now = timezone.now()

    with Loader(batch=4) as load:
        periods = load.table(BenefitPeriod, PERIOD_FIELDS)
        notes = load.table(ContactNote, ["client", "date", "kind", "text", "author", "created_at"])
        pk = first
        for year in (2020, 2021, 2022):
            for person in people:
                periods.add(_period(pk, person, year))
                notes.add(
                    (person.pk, date(year, 7, 1), ContactKind.PHONE, "Gebeld", author.pk, now)
                )
                pk += 1

    assert load.count(BenefitPeriod) == 9
    assert load.count(ContactNote) == 9
    # A full table sends every table, periods before notes; what is left goes at the end.
    assert sent == [
        (BenefitPeriod, 4),
        (ContactNote, 3),
        (BenefitPeriod, 3),
        (ContactNote, 4),
        (BenefitPeriod, 2),
        (ContactNote, 2),
    ]
    assert sorted(BenefitPeriod.objects.values_list("pk", flat=True)) == list(range(first, pk))
    assert ContactNote.objects.filter(client__in=people, text="Gebeld").count() == 9
    # The id sequence moved past the given ids: the next period saved gets a new one.
    later = BenefitPeriodFactory(client=people[0], start=date(2024, 1, 1), end=None)
    assert later.pk == pk


def test_a_failed_copy_is_raised_and_leaves_nothing_of_the_batch():
    person = ClientFactory()
    BenefitPeriodFactory(client=person, start=date(2021, 1, 1), end=None)
    before = BenefitPeriod.objects.count()
    first = next_id(BenefitPeriod)

    rows = [_period(first, person, 2019), _period(first + 1, person, 2022)]  # 2022 overlaps

    with pytest.raises(psycopg.errors.ExclusionViolation):
        _load_periods(rows, batch=2)

    assert BenefitPeriod.objects.count() == before


def test_an_error_of_the_builder_stops_the_loader_and_is_raised():
    person = ClientFactory()
    first = next_id(BenefitPeriod)

    with pytest.raises(ValueError, match="getekend"):
        _load_periods([_period(first, person, 2019)], batch=1, then=ValueError("getekend"))

    assert not BenefitPeriod.objects.filter(client=person).exists()
