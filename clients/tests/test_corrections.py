"""Corrections without erasing (issue 19): a consulent withdraws what they recorded, with a
reason; it stays on the file struck through and stops counting from then on; who may do it and
for how long is the organisation's CorrectionRule."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from categorisation.models import Assessment, Category
from categorisation.services import assess_client, withdraw_effective
from clients.models import ContactKind, ContactNote, Ontheffing, OntheffingReason
from clients.services import add_note, add_ontheffing, withdraw_note, withdraw_ontheffing
from organisations.models import CorrectionRule
from organisations.roles import CONSULENT
from plans.models import Action
from plans.services import add_action, create_plan, withdraw_plan_entry
from tests.factories import BenefitPeriodFactory, ClientFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def person(wassenaar, consulent):
    client = ClientFactory(municipality=wassenaar, consulent=consulent)
    BenefitPeriodFactory(client=client, start=TODAY - timedelta(days=300))
    return client


def note(person, by):
    return add_note(client=person, on=TODAY, kind=ContactKind.MEETING, text="Gesprek", by=by)


def test_a_withdrawn_note_stays_struck_through_and_stops_counting(
    consulent_client, person, consulent
):
    entry = note(person, consulent)
    response = consulent_client.post(
        reverse("clients:entry_withdraw", args=[person.pk, entry.pk]) + "?soort=contactmoment",
        {"reason": "Verkeerde cliënt"},
        follow=True,
    )
    html = response.content.decode()
    assert "Ingetrokken: Contactmoment" in html
    assert "<del>" in html
    assert "Verkeerde cliënt" in html
    assert not ContactNote.objects.filter(pk=entry.pk).exists()  # stops counting
    kept = ContactNote.all_objects.get(pk=entry.pk)  # nothing erased
    assert (kept.withdrawn_by, kept.withdrawn_reason) == (consulent, "Verkeerde cliënt")


def test_a_reason_is_required_and_twice_is_refused(person, consulent):
    entry = note(person, consulent)
    with pytest.raises(ValidationError):
        withdraw_note(note=entry, reason="  ", by=consulent)
    withdraw_note(note=entry, reason="Dubbel", by=consulent)
    with pytest.raises(ValidationError, match="al ingetrokken"):
        withdraw_note(note=entry, reason="Nog eens", by=consulent)


def test_only_the_recorder_within_the_rule_s_days_by_default(
    person, consulent, organisation, wassenaar
):
    colleague = UserFactory(organisation=organisation, roles=[CONSULENT], scope=[wassenaar])
    entry = note(person, consulent)
    with pytest.raises(ValidationError, match="Alleen wie dit vastlegde"):
        withdraw_note(note=entry, reason="Fout", by=colleague)
    ContactNote.objects.filter(pk=entry.pk).update(
        created_at=timezone.now() - timedelta(days=CorrectionRule.DEFAULT_DAYS + 1)
    )
    with pytest.raises(ValidationError, match="tot 30 dagen"):
        withdraw_note(note=entry, reason="Fout", by=consulent)
    # The organisation decides otherwise: anyone with access, for 90 days.
    CorrectionRule.objects.create(organisation=organisation, kind="contactmoment",
                                  own_only=False, days=90)  # fmt: skip
    withdraw_note(note=entry, reason="Fout", by=colleague)


def test_a_withdrawn_assessment_closes_the_timeline_over_it(person, consulent):
    def category(code):
        return Category.objects.get(organisation__isnull=True, code=code)

    assess_client(client=person, day=TODAY - timedelta(days=60), category=category("1B"),
                  estimated_months=6, reason="", by=consulent)  # fmt: skip
    wrong = assess_client(client=person, day=TODAY - timedelta(days=10), category=category("3A"),
                          estimated_months=60, reason="", by=consulent)  # fmt: skip
    withdraw_effective(entry=wrong, reason="Verkeerde categorie", by=consulent)
    assert Assessment.objects.filter(client=person).on(TODAY).get().category.code == "1B"
    # Recorded again on the same day, corrected: allowed, the withdrawn one no longer counts.
    assess_client(client=person, day=TODAY - timedelta(days=10), category=category("1C"),
                  estimated_months=18, reason="", by=consulent)  # fmt: skip
    assert Assessment.objects.filter(client=person).on(TODAY).get().category.code == "1C"
    assert Assessment.all_objects.filter(client=person).count() == 3


def test_a_withdrawn_ontheffing_no_longer_blocks_a_new_one(person, consulent):
    start = TODAY - timedelta(days=30)
    wrong = add_ontheffing(client=person, reason=OntheffingReason.MEDICAL, start=start,
                           end=None, remark="", by=consulent)  # fmt: skip
    withdraw_ontheffing(ontheffing=wrong, reason="Verkeerde grond", by=consulent)
    add_ontheffing(client=person, reason=OntheffingReason.URGENT, start=start,
                   end=TODAY + timedelta(days=30), remark="", by=consulent)  # fmt: skip
    assert Ontheffing.objects.filter(client=person).count() == 1
    assert Ontheffing.all_objects.filter(client=person).count() == 2


def test_a_withdrawn_action_stops_the_action_signal(person, consulent):
    from deadlines.queries import signal_groups
    from deadlines.registry import get_kind
    from plans.services import add_goal, finalise_plan

    plan = create_plan(client=person, by=consulent)
    add_goal(plan=plan, text="Werk", by=consulent)
    action = add_action(plan=plan, description="Cv", owner=Action.Owner.CLIENT,
                        due_date=TODAY, by=consulent)  # fmt: skip
    finalise_plan(plan=plan, valid_from=TODAY, agreed_by_client=False, agreed_on=None,
                  by=consulent)  # fmt: skip
    scope = person.__class__.objects.filter(pk=person.pk)
    assert signal_groups(scope, TODAY, only=get_kind("actie"))
    withdraw_plan_entry(entry=action, reason="Niet afgesproken", by=consulent)
    assert not signal_groups(scope, TODAY, only=get_kind("actie"))


def test_an_unknown_kind_or_another_clients_entry_is_a_404(
    consulent_client, person, consulent, wassenaar
):
    entry = note(person, consulent)
    other = ClientFactory(municipality=wassenaar, consulent=consulent)
    url = reverse("clients:entry_withdraw", args=[other.pk, entry.pk])
    assert consulent_client.get(url + "?soort=contactmoment").status_code == 404
    url = reverse("clients:entry_withdraw", args=[person.pk, entry.pk])
    assert consulent_client.get(url + "?soort=iets").status_code == 404
    assert consulent_client.get(url + "?soort=contactmoment").status_code == 200


@pytest.mark.parametrize("use_current", [True, False])
def test_new_counts_leave_a_withdrawn_assessment_out(person, consulent, wassenaar, use_current):
    """The category distribution (raw SQL, today's shortcut and the dated path alike)."""
    from categorisation.queries import _count_by_municipality_and_category

    def category(code):
        return Category.objects.get(organisation__isnull=True, code=code)

    assess_client(client=person, day=TODAY - timedelta(days=60), category=category("1B"),
                  estimated_months=6, reason="", by=consulent)  # fmt: skip
    wrong = assess_client(client=person, day=TODAY - timedelta(days=10), category=category("3A"),
                          estimated_months=60, reason="", by=consulent)  # fmt: skip
    withdraw_effective(entry=wrong, reason="Verkeerd", by=consulent)
    counts = _count_by_municipality_and_category([wassenaar.pk], TODAY, use_current=use_current)
    assert counts == [(wassenaar.pk, category("1B").pk, 1)]
