"""A definitief month is built again, as a new version marked as a correction, when its benefit
periods or assessments are corrected later with a date inside it (docs/corrections.md); the
earlier version stays readable and the page shows what changed. A change the month cannot see
asks for nothing. Builds leave withdrawn assessments out (issue 19)."""

from datetime import date
from unittest import mock

import pytest
from django.utils import timezone

from categorisation.models import Assessment, Category
from categorisation.services import withdraw_effective
from clients.models import BenefitPeriod
from reporting import services
from reporting.models import BuildReason, ReportRun, ReportVersion
from reporting.tests.test_drill import listed
from reporting.tests.test_views import page_figures
from tests.factories import BenefitPeriodFactory, ClientFactory, end_reason

pytestmark = pytest.mark.django_db
OCTOBER = date(2026, 10, 1)


def build_on(day: date, run: ReportRun) -> ReportVersion:
    with mock.patch.object(timezone, "localdate", return_value=day):
        services.build_report(run_id=run.pk)
    return ReportVersion.objects.filter(run=run).order_by("-number").first()


def beat(day: date) -> set[int]:
    """The runs waiting to be built after beat's run on `day` (the test's transaction is never
    committed, so nothing is handed to Celery)."""
    services.ensure_monthly_reports(today=day)
    return set(
        ReportRun.objects.filter(status=ReportRun.Status.QUEUED).values_list("pk", flat=True)
    )


@pytest.fixture
def october(wassenaar, consulent):
    """October built definitief on 1 December: one client running since January, categorised."""
    person = ClientFactory(municipality=wassenaar, last_name="Kees")
    BenefitPeriodFactory(client=person, municipality=wassenaar, start=date(2026, 1, 5))
    Assessment.objects.create(client=person, date=date(2026, 2, 1), estimated_months=6,
                              category=Category.objects.order_by("sort_order").first(),
                              assessed_by=consulent)  # fmt: skip
    run = ReportRun.objects.create(municipality=wassenaar, month=OCTOBER, requested_at=timezone.now())  # fmt: skip
    first = build_on(date(2026, 12, 1), run)
    assert (first.figures["uitstroom"], first.figures["stand_eind"]) == (0, 1)
    return run, person


def test_a_back_dated_end_rebuilds_the_definitief_month(client, manager, october, wassenaar):
    run, person = october
    assert run.pk not in beat(date(2026, 12, 2))  # nothing changed
    # On 5 December the end is recorded, back-dated into October.
    BenefitPeriod.objects.filter(client=person).update(end=date(2026, 10, 12), end_reason=end_reason("11"))  # fmt: skip
    assert run.pk in beat(date(2026, 12, 6))
    run.refresh_from_db()
    assert (run.status, run.reason) == (ReportRun.Status.QUEUED, BuildReason.CORRECTION)
    second = build_on(date(2026, 12, 6), run)
    assert (second.number, second.reason) == (2, BuildReason.CORRECTION)
    assert (second.figures["uitstroom"], second.figures["stand_eind"]) == (1, 0)
    assert run.pk not in beat(date(2026, 12, 7))  # built again: nothing more to do

    client.force_login(manager)
    base = f"/rapportages/{wassenaar.pk}/2026/10/"
    html = client.get(base).content.decode()
    assert 'data-reason="correctie"' in html
    assert "Opnieuw berekend na een correctie achteraf" in html
    assert "Uitstroom 0 → 1" in html
    assert page_figures(client.get(base + "?versie=1").content.decode())["Uitstroom"] == "0"
    first = ReportVersion.objects.get(run=run, number=1)
    assert listed(first, "stand_eind") == 1 and listed(second, "stand_eind") == 0  # noqa: PT018


def test_a_withdrawn_assessment_rebuilds_the_month_and_builds_leave_it_out(october, consulent):
    run, person = october
    first = ReportVersion.objects.get(run=run)
    category = str(Assessment.objects.get(client=person).category_id)
    assert first.figures["categorie"] == {category: 1}
    withdraw_effective(entry=Assessment.objects.get(client=person), reason="Verkeerde cliënt", by=consulent)  # fmt: skip
    assert run.pk in beat(date(2026, 12, 3))
    second = build_on(date(2026, 12, 3), run)
    assert second.reason == BuildReason.CORRECTION
    assert second.figures["categorie"] == {"": 1}  # niet gecategoriseerd
    assert listed(second, f"categorie:{category}") == 0
    assert listed(first, f"categorie:{category}") == 1  # who version 1 counted


def test_a_change_the_month_cannot_see_asks_for_nothing(october, wassenaar):
    run, person = october
    # An end after October, and a new client starting in December.
    BenefitPeriod.objects.filter(client=person).update(end=date(2026, 12, 4), end_reason=end_reason("11"))  # fmt: skip
    BenefitPeriodFactory(client=ClientFactory(municipality=wassenaar), start=date(2026, 12, 1))
    assert run.pk not in beat(date(2026, 12, 5))
