"""Plausibility at entry (issue 19): the law's minimum age, no benefit before birth, no new
action due in the past, no date beyond the horizon. Each a Dutch message on the field, never a
500, in the form, the service, the admin's model check and the caseload import."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clients import services
from clients.models import BenefitPeriod, BenefitRule, Client, Household
from clients.tests.importing import counts, csv_file, line, new_bsn, run
from core.dates import validate_plausible_date
from tests.factories import ClientFactory, valid_bsn

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
UNDER_AGE = "jonger dan 18 jaar: geen recht op bijstand"


def _register(consulent, wassenaar, *, born: date, start: date) -> Client:
    return services.register_client(
        data={
            "bsn": valid_bsn(7),
            "first_names": "Sem",
            "prefix": "",
            "last_name": "Bakker",
            "date_of_birth": born,
            "municipality": wassenaar,
            "household": Household.SINGLE,
        },
        benefit_start=start,
        by=consulent,
    )


def test_an_eleven_year_old_cannot_get_a_benefit(consulent, wassenaar):
    with pytest.raises(ValidationError) as refused:
        _register(consulent, wassenaar, born=date(2015, 3, 1), start=date(2026, 11, 1))
    assert UNDER_AGE in refused.value.message_dict["benefit_start"][0]
    assert not Client.objects.exists()


def test_eighteen_on_the_start_day_is_allowed_and_one_day_short_is_not(consulent, wassenaar):
    with pytest.raises(ValidationError):
        _register(consulent, wassenaar, born=date(2008, 11, 2), start=date(2026, 11, 1))
    client = _register(consulent, wassenaar, born=date(2008, 11, 1), start=date(2026, 11, 1))
    assert client.benefit_periods.count() == 1


def test_a_benefit_cannot_start_before_birth(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar, date_of_birth=date(1990, 5, 1))
    with pytest.raises(ValidationError) as refused:
        services.start_benefit(
            client=client, municipality=wassenaar, start=date(1990, 4, 1), by=consulent
        )
    assert "vóór de geboortedatum" in refused.value.message_dict["start"][0]
    assert not BenefitPeriod.objects.filter(client=client).exists()


def test_the_minimum_age_is_dated_data(consulent, wassenaar):
    """A change of law is a new row from its date; starts before it keep the old rule."""
    BenefitRule.objects.create(valid_from=date(2027, 1, 1), minimum_age=21)
    client = ClientFactory(municipality=wassenaar, date_of_birth=date(2006, 6, 1))
    with pytest.raises(ValidationError) as refused:
        services.start_benefit(
            client=client, municipality=wassenaar, start=date(2027, 2, 1), by=consulent
        )
    assert "jonger dan 21 jaar" in refused.value.message_dict["start"][0]
    services.start_benefit(
        client=client, municipality=wassenaar, start=date(2026, 7, 1), by=consulent
    )


def test_the_form_shows_the_age_refusal_on_the_field(consulent_client, wassenaar):
    response = consulent_client.post(
        reverse("clients:client_create"),
        {
            "bsn": "111222333",
            "first_names": "Daan",
            "last_name": "de Groot",
            "date_of_birth": "2015-04-12",
            "municipality": wassenaar.pk,
            "household": "alleenstaand",
            "language_level": "2f",
            "taaleis_status": "voldaan",
            "benefit_start": "2026-11-01",
        },
    )
    assert response.status_code == 200
    assert UNDER_AGE in str(response.context["form"].errors["benefit_start"])
    assert not Client.objects.exists()


def test_the_import_refuses_a_minor_and_a_start_before_birth(consulent, wassenaar):
    minor = line(new_bsn(), geboortedatum="2010-01-01", ingangsdatum="2023-01-01")
    unborn = line(new_bsn(), geboortedatum="1990-01-01", ingangsdatum="1989-01-01")
    report = run(consulent, csv_file([minor, unborn]))
    assert not report.imported
    assert counts() == (0, 0, 0)
    assert [(error.column, error.message) for error in report.errors] == [
        (
            "ingangsdatum",
            "De cliënt is op de ingangsdatum jonger dan 18 jaar: geen recht op bijstand.",
        ),
        ("ingangsdatum", "De ingangsdatum ligt vóór de geboortedatum."),
    ]


def test_the_horizon_is_a_setting(settings, consulent):
    settings.OPSTAP_DATE_HORIZON_YEARS = 2
    validate_plausible_date(TODAY + timedelta(days=365))
    with pytest.raises(ValidationError, match="meer dan 2 jaar in de toekomst"):
        validate_plausible_date(TODAY + timedelta(days=3 * 366))
    settings.OPSTAP_DATE_HORIZON_YEARS = 10
    validate_plausible_date(TODAY + timedelta(days=3 * 366))


def test_the_horizon_holds_in_the_import(settings, consulent, wassenaar):
    settings.OPSTAP_DATE_HORIZON_YEARS = 1
    far = (TODAY + timedelta(days=800)).isoformat()
    report = run(consulent, csv_file([line(new_bsn(), ingangsdatum=far)]))
    assert [(error.column, error.message) for error in report.errors] == [
        ("ingangsdatum", "Deze datum ligt meer dan 1 jaar in de toekomst.")
    ]
