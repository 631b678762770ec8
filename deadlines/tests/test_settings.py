"""The periods that are settings change when the setting does (defaults from DOMAIN)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from categorisation.models import Category
from categorisation.services import assess_client
from clients import services as client_services
from clients.models import Household, OntheffingReason
from core.dates import add_months, add_years
from deadlines.tests.helpers import appears_on, on_benefit, signals
from tests.factories import ClientFactory
from trajectories.tests.helpers import run

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def assess(client, day, code, by):
    category = Category.objects.get(organisation__isnull=True, code=code)
    assess_client(client=client, day=day, category=category, estimated_months=6, reason="", by=by)


def test_the_lookahead_decides_how_early_a_signal_shows(settings, consulent, wassenaar):
    client = on_benefit(wassenaar)
    assessed = TODAY - timedelta(days=10)
    assess(client, assessed, "1B", consulent)
    due = add_months(assessed, 6)
    settings.OPSTAP_SIGNAL_LOOKAHEAD_DAYS = 0
    assert appears_on(client, "herbeoordeling", due)
    settings.OPSTAP_SIGNAL_LOOKAHEAD_DAYS = 30
    assert appears_on(client, "herbeoordeling", due - timedelta(days=30))


def test_the_contact_norm_per_unit_is_a_setting(settings, consulent, wassenaar):
    start = TODAY - timedelta(days=20)
    client = on_benefit(wassenaar, start=start)
    assess(client, start, "1B", consulent)
    settings.OPSTAP_SIGNAL_LOOKAHEAD_DAYS = 0
    settings.OPSTAP_SIGNAL_CONTACT_MONTHS = {"re_integratie": 1, "participatie": 12}
    assert appears_on(client, "contact", add_months(start, 1))
    settings.OPSTAP_SIGNAL_CONTACT_MONTHS = {"participatie": 12}  # no norm for re-integratie
    assert not signals(client, TODAY + timedelta(days=400), "contact")


def test_windows_of_trajectories_and_ontheffingen_are_settings(settings, consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    end = TODAY + timedelta(days=60)
    run(client, "jobcoach", TODAY - timedelta(days=30), end, consulent)
    settings.OPSTAP_SIGNAL_TRAJECTORY_END_DAYS = 10
    assert appears_on(client, "traject_einde", end - timedelta(days=10))

    excused = on_benefit(wassenaar)
    client_services.add_ontheffing(
        client=excused,
        reason=OntheffingReason.URGENT,
        start=TODAY - timedelta(days=10),
        end=end,
        remark="",
        by=consulent,
    )
    settings.OPSTAP_SIGNAL_ONTHEFFING_END_DAYS = 7
    assert appears_on(excused, "ontheffing_einde", end - timedelta(days=7))


def test_taaleis_and_art_9a_periods_are_settings(settings, consulent, wassenaar):
    settings.OPSTAP_SIGNAL_LOOKAHEAD_DAYS = 0
    applied = TODAY - timedelta(days=5)
    client = on_benefit(wassenaar, start=applied)
    settings.OPSTAP_SIGNAL_TAALEIS_TEST_WEEKS = 6
    assert appears_on(client, "taaltoets", applied + timedelta(weeks=6))

    parent = on_benefit(
        wassenaar,
        household=Household.SINGLE_PARENT,
        youngest_child_birth_date=add_years(TODAY, -1),
    )
    start = TODAY - timedelta(days=10)
    client_services.add_ontheffing(
        client=parent,
        reason=OntheffingReason.SINGLE_PARENT,
        start=start,
        end=add_years(TODAY, 2),
        remark="",
        by=consulent,
    )
    settings.OPSTAP_SIGNAL_ART9A_REVIEW_MONTHS = 3
    assert appears_on(parent, "art9a", add_months(start, 3))


def test_the_search_period_is_off_where_the_organisation_does_not_use_it(
    settings, consulent, wassenaar
):
    applied = TODAY - timedelta(days=20)
    young = on_benefit(wassenaar, start=applied, date_of_birth=add_years(TODAY, -20))
    assert signals(young, applied + timedelta(weeks=4), "zoektermijn")
    settings.OPSTAP_SIGNAL_YOUTH_SEARCH_WEEKS = 6
    assert appears_on(young, "zoektermijn", applied + timedelta(weeks=6, days=-14))
    settings.OPSTAP_SIGNAL_YOUTH_SEARCH_WEEKS = 0
    assert not signals(young, applied + timedelta(weeks=6), "zoektermijn")


def test_the_training_rule_is_a_setting(settings, consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar, startkwalificatie=False)
    start = TODAY - timedelta(days=100)
    run(client, "participatiebaan", start, add_months(start, 24) - timedelta(days=1), consulent)
    settings.OPSTAP_SIGNAL_LOOKAHEAD_DAYS = 0
    settings.OPSTAP_SIGNAL_TRAINING_MONTHS = 9
    assert appears_on(client, "scholing", add_months(start, 9))
    settings.OPSTAP_SIGNAL_TRAINING_AFTER_TYPES = ["leerwerkplek"]
    assert not signals(client, add_months(start, 9), "scholing")
