"""Signals about the client's file: each appears on the day it should and not the day before,
and disappears when the work is done. The queries take the day, so the clock is the test's."""

from datetime import timedelta

import pytest
from django.utils import timezone

from categorisation.models import Category
from categorisation.services import assess_client
from clients import services as client_services
from clients.models import (
    BenefitPeriod,
    ContactKind,
    Household,
    Ontheffing,
    OntheffingReason,
    TaaleisStatus,
)
from core.dates import add_months, add_years
from deadlines.tests.helpers import appears_on, dues, on_benefit, signals
from plans import services as plan_services
from plans.models import Action
from tests.factories import end_reason

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LEAD = 14  # the default look-ahead


def assess(client, day, code, by, months=None):
    category = Category.objects.get(organisation__isnull=True, code=code)
    estimate = months if months is not None else (category.months_up_to or 60)
    return assess_client(
        client=client, day=day, category=category, estimated_months=estimate, reason="", by=by
    )


def note(client, day, by, kind=ContactKind.MEETING):
    return client_services.add_note(client=client, on=day, kind=kind, text="Gesprek", by=by)


def establish_plan(client, by, valid_from, action_due):
    plan = plan_services.create_plan(client=client, by=by)
    plan_services.add_goal(plan=plan, text="Werk vinden", by=by)
    action = plan_services.add_action(
        plan=plan,
        description="Cv bijwerken",
        owner=Action.Owner.CLIENT,
        due_date=max(action_due, TODAY),
        by=by,
    )
    # Recorded back then: time has passed since (a new action cannot be due in the past).
    Action.objects.filter(pk=action.pk).update(due_date=action_due)
    action.due_date = action_due
    plan_services.finalise_plan(
        plan=plan, valid_from=valid_from, agreed_by_client=False, agreed_on=None, by=by
    )
    return action


# Re-assessment -------------------------------------------------------------------------------


def test_reassessment_is_due_the_units_interval_after_the_assessment(consulent, wassenaar):
    client = on_benefit(wassenaar)
    assessed = TODAY - timedelta(days=10)
    assess(client, assessed, "1B", consulent)  # re-integratie: every 6 months
    due = add_months(assessed, 6)
    assert appears_on(client, "herbeoordeling", due - timedelta(days=LEAD))
    assert dues(client, due, "herbeoordeling") == [due]
    assert signals(client, due + timedelta(days=400), "herbeoordeling")  # overdue stays

    participatie = on_benefit(wassenaar)
    assess(participatie, assessed, "2A", consulent)  # participatie: every 12 months
    assert appears_on(participatie, "herbeoordeling", add_months(assessed, 12) - timedelta(LEAD))


def test_a_new_assessment_resolves_the_reassessment(consulent, wassenaar):
    client = on_benefit(wassenaar)
    assess(client, TODAY - timedelta(days=200), "1C", consulent)
    assert signals(client, TODAY, "herbeoordeling")
    assess(client, TODAY, "1B", consulent)
    assert not signals(client, TODAY, "herbeoordeling")
    assert dues(client, add_months(TODAY, 6), "herbeoordeling") == [add_months(TODAY, 6)]


def test_no_signals_about_a_client_whose_benefit_ended(consulent, wassenaar):
    client = on_benefit(wassenaar)
    assess(client, TODAY - timedelta(days=200), "1C", consulent)
    period = BenefitPeriod.objects.get(client=client)
    client_services.end_benefit(period=period, end=TODAY, reason=end_reason("11"), by=consulent)
    assert signals(client, TODAY, "herbeoordeling")  # the last day with benefit
    assert not signals(client, TODAY + timedelta(days=1), "herbeoordeling")


# Plan van aanpak -----------------------------------------------------------------------------


def test_a_missing_plan_is_due_from_the_assessment_that_demands_one(consulent, wassenaar):
    client = on_benefit(wassenaar, start=TODAY - timedelta(days=100))
    assessed = TODAY - timedelta(days=30)
    assess(client, assessed, "1B", consulent)
    assert appears_on(client, "plan", assessed)
    assert dues(client, TODAY, "plan") == [assessed]

    passive = on_benefit(wassenaar)
    Ontheffing.objects.create(client=passive, reason=OntheffingReason.MEDICAL, start=assessed)
    assess(passive, assessed, "3B", consulent)
    assert not signals(passive, TODAY, "plan")  # passive service needs no plan


def test_establishing_a_plan_resolves_the_missing_plan(consulent, wassenaar):
    client = on_benefit(wassenaar)
    assess(client, TODAY - timedelta(days=30), "2A", consulent)
    assert signals(client, TODAY, "plan")
    concept = plan_services.create_plan(client=client, by=consulent)
    assert signals(client, TODAY, "plan")  # a concept is not a plan in force
    plan_services.add_goal(plan=concept, text="Vrijwilligerswerk", by=consulent)
    plan_services.add_action(
        plan=concept, description="Aanmelden", owner="client", due_date=TODAY, by=consulent
    )
    plan_services.finalise_plan(
        plan=concept, valid_from=TODAY, agreed_by_client=False, agreed_on=None, by=consulent
    )
    assert not signals(client, TODAY, "plan")


def test_a_plan_action_is_due_on_its_date_until_it_is_done(consulent, wassenaar):
    client = on_benefit(wassenaar)
    assess(client, TODAY - timedelta(days=90), "1B", consulent)
    due = TODAY + timedelta(days=20)
    action = establish_plan(client, consulent, TODAY - timedelta(days=60), due)
    assert appears_on(client, "actie", due - timedelta(days=LEAD))
    assert signals(client, due + timedelta(days=30), "actie")[0].info == "Cv bijwerken"
    plan_services.mark_action_done(action=action, on=TODAY, by=consulent)
    assert not signals(client, due, "actie")


# Contact -------------------------------------------------------------------------------------


def test_contact_is_due_within_the_units_norm_after_the_last_personal_contact(consulent, wassenaar):
    client = on_benefit(wassenaar, start=TODAY - timedelta(days=600))
    assess(client, TODAY - timedelta(days=500), "2A", consulent)  # participatie: once a year
    talked = TODAY - timedelta(days=200)
    note(client, talked, consulent)
    due = add_months(talked, 12)
    assert appears_on(client, "contact", due - timedelta(days=LEAD))
    # An e-mail is not personal contact; a phone call is.
    note(client, TODAY, consulent, kind=ContactKind.EMAIL)
    assert signals(client, due, "contact")
    note(client, TODAY, consulent, kind=ContactKind.PHONE)
    assert not signals(client, due, "contact")
    assert appears_on(client, "contact", add_months(TODAY, 12) - timedelta(days=LEAD))


def test_without_any_contact_the_norm_counts_from_the_start_of_the_benefit(consulent, wassenaar):
    start = TODAY - timedelta(days=20)
    client = on_benefit(wassenaar, start=start)
    assess(client, start, "1A", consulent)  # re-integratie: every 3 months by default
    assert appears_on(client, "contact", add_months(start, 3) - timedelta(days=LEAD))


# Taaleis -------------------------------------------------------------------------------------


def test_the_taaltoets_is_due_eight_weeks_after_the_application(consulent, wassenaar):
    applied = TODAY - timedelta(days=30)
    client = on_benefit(wassenaar, start=applied)
    due = applied + timedelta(weeks=8)
    assert appears_on(client, "taaltoets", due - timedelta(days=LEAD))
    client_services.update_client(
        client=client, data={"taaleis_status": TaaleisStatus.TEST_PLANNED}, version=1, by=consulent
    )
    assert signals(client, due, "taaltoets")  # planned is not done
    client_services.update_client(
        client=client.__class__.objects.get(pk=client.pk),
        data={"taaleis_status": TaaleisStatus.MET},
        version=2,
        by=consulent,
    )
    assert not signals(client, due, "taaltoets")


def test_after_a_failed_test_the_notice_is_due_within_eight_weeks(consulent, wassenaar):
    tested = TODAY - timedelta(days=20)
    client = on_benefit(wassenaar, taaleis_status=TaaleisStatus.NOT_MET, taaleis_test_date=tested)
    due = tested + timedelta(weeks=8)
    assert appears_on(client, "taaleis_mededeling", due - timedelta(days=LEAD))
    note(client, TODAY, consulent, kind=ContactKind.MEETING)
    assert signals(client, due, "taaleis_mededeling")  # a conversation is not the notice
    note(client, TODAY, consulent, kind=ContactKind.LETTER)
    assert not signals(client, due, "taaleis_mededeling")


def test_learning_after_a_failed_test_also_ends_the_notice_signal(consulent, wassenaar):
    client = on_benefit(
        wassenaar,
        taaleis_status=TaaleisStatus.NOT_MET,
        taaleis_test_date=TODAY - timedelta(days=60),
    )
    assert signals(client, TODAY, "taaleis_mededeling")
    client_services.update_client(
        client=client, data={"taaleis_status": TaaleisStatus.LEARNING}, version=1, by=consulent
    )
    assert not signals(client, TODAY, "taaleis_mededeling")


# Ontheffingen --------------------------------------------------------------------------------


def test_an_ontheffing_ending_shows_thirty_days_before_its_end(consulent, wassenaar):
    client = on_benefit(wassenaar)
    end = TODAY + timedelta(days=40)
    client_services.add_ontheffing(
        client=client,
        reason=OntheffingReason.URGENT,
        start=TODAY - timedelta(days=100),
        end=end,
        remark="",
        by=consulent,
    )
    assert appears_on(client, "ontheffing_einde", end - timedelta(days=30))
    assert dues(client, end, "ontheffing_einde") == [end]
    assert not signals(client, end + timedelta(days=1), "ontheffing_einde")  # it has ended
    # An ontheffing that follows on the next day resolves it.
    client_services.add_ontheffing(
        client=client,
        reason=OntheffingReason.MEDICAL,
        start=end + timedelta(days=1),
        end=None,
        remark="",
        by=consulent,
    )
    assert not signals(client, end, "ontheffing_einde")


def test_a_new_assessment_before_the_ontheffing_ends_resolves_it(consulent, wassenaar):
    client = on_benefit(wassenaar)
    end = TODAY + timedelta(days=20)
    client_services.add_ontheffing(
        client=client,
        reason=OntheffingReason.URGENT,
        start=TODAY - timedelta(days=100),
        end=end,
        remark="",
        by=consulent,
    )
    assess(client, TODAY - timedelta(days=100), "3B", consulent)
    assert signals(client, TODAY, "ontheffing_einde")  # assessed long before
    assess(client, TODAY, "2A", consulent)
    assert not signals(client, TODAY, "ontheffing_einde")


def test_an_art_9a_ontheffing_is_reviewed_every_six_months(consulent, wassenaar):
    client = on_benefit(
        wassenaar,
        household=Household.SINGLE_PARENT,
        youngest_child_birth_date=add_years(TODAY, -2),
    )
    start = TODAY - timedelta(days=100)
    client_services.add_ontheffing(
        client=client,
        reason=OntheffingReason.SINGLE_PARENT,
        start=start,
        end=add_years(TODAY, 3) - timedelta(days=1),
        remark="",
        by=consulent,
    )
    due = add_months(start, 6)
    assert appears_on(client, "art9a", due - timedelta(days=LEAD))
    note(client, TODAY, consulent)
    assert not signals(client, due, "art9a")
    assert appears_on(client, "art9a", add_months(TODAY, 6) - timedelta(days=LEAD))


# Jongeren ------------------------------------------------------------------------------------


def test_the_search_period_of_a_young_applicant(consulent, wassenaar):
    applied = TODAY - timedelta(days=20)
    young = on_benefit(wassenaar, start=applied, date_of_birth=add_years(TODAY, -22))
    due = applied + timedelta(weeks=4)
    assert appears_on(young, "zoektermijn", due - timedelta(days=LEAD))
    # Without the conversation it stays until the application is decided (8 weeks on).
    assert signals(young, due + timedelta(weeks=8), "zoektermijn")
    assert not signals(young, due + timedelta(weeks=8, days=1), "zoektermijn")
    note(young, TODAY, consulent)
    assert not signals(young, due, "zoektermijn")

    older = on_benefit(wassenaar, start=applied, date_of_birth=add_years(applied, -27))
    assert not signals(older, due, "zoektermijn")  # 27 on the day of the application
