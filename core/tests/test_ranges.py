"""The overlap constraints refuse exactly what the daterange pairs they replaced refused: every
pair of periods over a few days, touching, adjacent, open-ended, for one client and for two
clients whose ids follow each other. Assessments keep a GiST exclusion of boxes
(core.ranges.DayBox); benefit periods are checked by a statement trigger (core.overlap), and by
the same rule in Django's validation (issue 22)."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import product

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from categorisation.models import Assessment, Category
from clients.models import BenefitPeriod, EndReason
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

DAY = date(2025, 3, 10)
DAYS = [DAY + timedelta(days=n) for n in range(4)]


def overlaps(first, second, *, end_inclusive: bool) -> bool:
    """The rule, on whole days: [start, end] or [start, end), None is open."""

    def last(end):
        if end is None:
            return date.max
        return end if end_inclusive else end - timedelta(days=1)

    (a, b), (c, d) = first, second
    return a <= last(d) and c <= last(b)


def refused(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_benefit_periods_refuse_exactly_the_overlapping_pairs(wassenaar):
    spans = [(s, e) for s in DAYS for e in [None, *DAYS] if e is None or e >= s]
    assert len(spans) ** 2 == 196
    reason = EndReason.objects.get(code="11")
    client = ClientFactory(municipality=wassenaar)
    neighbour = ClientFactory(municipality=wassenaar)
    assert neighbour.pk == client.pk + 1

    def period(owner, span) -> BenefitPeriod:
        start, end = span
        return BenefitPeriod(
            client=owner,
            municipality=wassenaar,
            start=start,
            end=end,
            end_reason=reason if end else None,
        )

    for first, second in product(spans, repeat=2):
        period(client, first).save()
        expected = overlaps(first, second, end_inclusive=True)
        # Django's validation of the model asks the same question before saving, in Dutch.
        if expected:
            with pytest.raises(ValidationError, match="overlapt met een andere uitkering"):
                period(client, second).validate_constraints()
        else:
            period(client, second).validate_constraints()
        assert refused(lambda span=second: period(client, span).save()) is expected, (first, second)
        assert refused(lambda span=second: period(neighbour, span).save()) is False, (first, second)
        BenefitPeriod.objects.filter(client__in=[client, neighbour]).delete()


def test_assessments_refuse_exactly_the_overlapping_spans(consulent, wassenaar):
    """An assessment is in force from its date up to (not including) valid_until."""
    spans = [(s, e) for s in DAYS for e in [None, *DAYS] if e is None or e > s]
    category = Category.objects.get(code="1A")
    client = ClientFactory(municipality=wassenaar)

    def assess(span):
        Assessment.objects.create(
            client=client,
            date=span[0],
            valid_until=span[1],
            category=category,
            estimated_months=1,
            assessed_by=consulent,
        )

    for first, second in product(spans, repeat=2):
        assess(first)
        expected = overlaps(first, second, end_inclusive=False)
        assert refused(lambda span=second: assess(span)) is expected, (first, second)
        Assessment.objects.filter(client=client).delete()
    # A withdrawn assessment no longer counts.
    assess((DAYS[0], None))
    Assessment.objects.filter(client=client).update(withdrawn_at=DAY)
    assert refused(lambda: assess((DAYS[1], None))) is False
