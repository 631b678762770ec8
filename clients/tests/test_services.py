"""The rules of client files: each refusal with its Dutch message, and nothing half-saved."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from clients import services
from clients.models import (
    AccessAction,
    AccessLog,
    BenefitPeriod,
    Client,
    ContactNote,
    Household,
    Ontheffing,
    OntheffingReason,
)
from tests.factories import BenefitPeriodFactory, ClientFactory, end_reason, valid_bsn

pytestmark = pytest.mark.django_db


def _data(municipality, **overrides):
    data = {
        "bsn": valid_bsn(1),
        "first_names": "Fatima",
        "prefix": "",
        "last_name": "El Amrani",
        "date_of_birth": date(1990, 3, 4),
        "municipality": municipality,
        "household": Household.SINGLE,
    }
    return {**data, **overrides}


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_register_client_with_first_benefit_period_and_log(consulent, wassenaar):
    client = services.register_client(
        data=_data(wassenaar), benefit_start=date(2026, 1, 5), by=consulent
    )
    assert client.consulent == consulent
    assert list(client.benefit_periods.values_list("start", "municipality")) == [
        (date(2026, 1, 5), wassenaar.pk)
    ]
    assert AccessLog.objects.filter(client=client, action=AccessAction.CREATE).count() == 1


def test_register_refuses_invalid_bsn_and_saves_nothing(consulent, wassenaar):
    with pytest.raises(ValidationError) as error:
        services.register_client(
            data=_data(wassenaar, bsn="123456789"), benefit_start=date(2026, 1, 5), by=consulent
        )
    assert "elfproef" in _messages(error.value)
    assert Client.objects.count() == 0
    assert BenefitPeriod.objects.count() == 0


def test_register_refuses_duplicate_bsn_in_the_organisation(consulent, wassenaar):
    services.register_client(data=_data(wassenaar), benefit_start=date(2026, 1, 5), by=consulent)
    with pytest.raises(ValidationError) as error:
        services.register_client(
            data=_data(wassenaar, last_name="Ander"), benefit_start=date(2026, 2, 1), by=consulent
        )
    assert "al een cliënt met dit BSN" in _messages(error.value)
    assert Client.objects.count() == 1
    assert BenefitPeriod.objects.count() == 1


@pytest.mark.parametrize(
    ("born", "message"),
    [(date(1899, 12, 31), "vóór 1900"), (date(2099, 1, 1), "in de toekomst")],
)
def test_register_refuses_implausible_dates(consulent, wassenaar, born, message):
    with pytest.raises(ValidationError) as error:
        services.register_client(
            data=_data(wassenaar, date_of_birth=born), benefit_start=date(2026, 1, 5), by=consulent
        )
    assert message in _messages(error.value)


def test_end_before_start_is_refused(consulent):
    period = BenefitPeriodFactory(start=date(2025, 6, 1))
    with pytest.raises(ValidationError) as error:
        services.end_benefit(
            period=period, end=date(2025, 5, 31), reason=end_reason("11"), by=consulent
        )
    assert "vóór de ingangsdatum" in _messages(error.value)
    period.refresh_from_db()
    assert period.end is None


def test_ending_a_period_that_has_ended_is_refused(consulent):
    period = BenefitPeriodFactory(start=date(2025, 6, 1))
    services.end_benefit(
        period=period, end=date(2025, 9, 30), reason=end_reason("11"), by=consulent
    )
    with pytest.raises(ValidationError) as error:
        services.end_benefit(
            period=period, end=date(2025, 10, 31), reason=end_reason("14"), by=consulent
        )
    assert "al beëindigd per 30-09-2025" in _messages(error.value)
    period.refresh_from_db()
    assert (period.end, period.end_reason.code) == (date(2025, 9, 30), "11")


def test_overlapping_period_is_refused(consulent):
    period = BenefitPeriodFactory(
        start=date(2024, 1, 1), end=date(2024, 12, 31), end_reason=end_reason("11")
    )
    with pytest.raises(ValidationError) as error:
        services.start_benefit(
            client=period.client,
            municipality=period.municipality,
            start=date(2024, 6, 1),
            by=consulent,
        )
    assert "overlapt" in _messages(error.value)
    assert BenefitPeriod.objects.count() == 1


def test_second_running_period_is_refused(consulent):
    period = BenefitPeriodFactory(start=date(2024, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.start_benefit(
            client=period.client,
            municipality=period.municipality,
            start=date(2026, 6, 1),
            by=consulent,
        )
    assert "loopt al een uitkering" in _messages(error.value)


def test_database_refuses_overlap_and_end_before_start_too():
    period = BenefitPeriodFactory(start=date(2024, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        BenefitPeriod.objects.create(
            client=period.client, municipality=period.municipality, start=date(2025, 1, 1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        BenefitPeriod.objects.create(
            client=period.client,
            municipality=period.municipality,
            start=date(2020, 1, 10),
            end=date(2020, 1, 1),
            end_reason=end_reason("11"),
        )


def test_optimistic_locking_refuses_the_second_save_and_says_who(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar, last_name="Jansen")
    opened_version = client.version
    colleague = consulent.__class__.objects.create(
        username="collega",
        first_name="Karin",
        last_name="Collega",
        organisation=consulent.organisation,
    )
    services.update_client(
        client=Client.objects.get(pk=client.pk),
        data={"last_name": "Jansen-de Vries"},
        version=opened_version,
        by=colleague,
    )
    with pytest.raises(services.ConflictError) as conflict:
        services.update_client(
            client=Client.objects.get(pk=client.pk),
            data={"first_names": "Anna Maria"},
            version=opened_version,
            by=consulent,
        )
    (change,) = conflict.value.changes
    assert change.user == colleague
    assert "achternaam" in change.detail
    client.refresh_from_db()
    assert (client.first_names, client.last_name) == ("Anna", "Jansen-de Vries")


def test_a_failed_taaltoets_needs_its_date(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    with pytest.raises(ValidationError) as error:
        services.update_client(
            client=client, data={"taaleis_status": "niet_voldaan"}, version=1, by=consulent
        )
    assert "taaltoets" in _messages(error.value)
    services.update_client(
        client=Client.objects.get(pk=client.pk),
        data={"taaleis_status": "niet_voldaan", "taaleis_test_date": date(2026, 3, 2)},
        version=1,
        by=consulent,
    )
    client.refresh_from_db()
    assert client.taaleis_test_date == date(2026, 3, 2)


def test_note_in_the_future_is_refused(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    with pytest.raises(ValidationError) as error:
        services.add_note(
            client=client,
            on=timezone.localdate() + timedelta(days=1),
            kind="gesprek",
            text="x",
            by=consulent,
        )
    assert "toekomst" in _messages(error.value)
    assert ContactNote.objects.count() == 0


def test_art_9a_needs_a_single_parent_with_a_young_child(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar, household=Household.SINGLE)
    with pytest.raises(ValidationError) as error:
        services.add_ontheffing(
            client=client,
            reason=OntheffingReason.SINGLE_PARENT,
            start=date(2026, 1, 1),
            end=date(2026, 6, 30),
            remark="",
            by=consulent,
        )
    assert "alleenstaande ouder" in _messages(error.value)


def test_art_9a_ends_before_the_child_turns_five(consulent, wassenaar):
    client = ClientFactory(
        municipality=wassenaar,
        household=Household.SINGLE_PARENT,
        youngest_child_birth_date=date(2023, 3, 1),
    )
    with pytest.raises(ValidationError) as error:
        services.add_ontheffing(
            client=client,
            reason=OntheffingReason.SINGLE_PARENT,
            start=date(2026, 1, 1),
            end=date(2028, 3, 1),
            remark="",
            by=consulent,
        )
    assert "29-02-2028" in _messages(error.value)  # the day before the fifth birthday
    ok = services.add_ontheffing(
        client=client,
        reason=OntheffingReason.SINGLE_PARENT,
        start=date(2026, 1, 1),
        end=date(2028, 2, 29),
        remark="",
        by=consulent,
    )
    assert ok.pk


def test_art_9a_at_most_five_years_in_total(consulent, wassenaar):
    client = ClientFactory(
        municipality=wassenaar,
        household=Household.SINGLE_PARENT,
        youngest_child_birth_date=date(2023, 1, 1),
    )
    # 4.5 years already used for an older child; a new baby does not reset the total.
    Ontheffing.objects.create(
        client=client,
        reason=OntheffingReason.SINGLE_PARENT,
        start=date(2019, 1, 1),
        end=date(2023, 6, 30),
    )
    with pytest.raises(ValidationError) as error:
        services.add_ontheffing(
            client=client,
            reason=OntheffingReason.SINGLE_PARENT,
            start=date(2024, 1, 1),
            end=date(2024, 12, 31),
            remark="",
            by=consulent,
        )
    assert "hooguit 5 jaar" in _messages(error.value)


def test_urgent_ontheffing_needs_an_end_and_may_not_overlap(consulent, wassenaar):
    client = ClientFactory(municipality=wassenaar)
    with pytest.raises(ValidationError) as error:
        services.add_ontheffing(
            client=client,
            reason=OntheffingReason.URGENT,
            start=date(2026, 1, 1),
            end=None,
            remark="",
            by=consulent,
        )
    assert "einddatum" in _messages(error.value)
    services.add_ontheffing(
        client=client,
        reason=OntheffingReason.URGENT,
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
        remark="mantelzorg",
        by=consulent,
    )
    with pytest.raises(ValidationError) as error:
        services.add_ontheffing(
            client=client,
            reason=OntheffingReason.MEDICAL,
            start=date(2026, 6, 1),
            end=None,
            remark="",
            by=consulent,
        )
    assert "overlapt" in _messages(error.value)
    assert Ontheffing.objects.count() == 1


def test_reassign_only_to_a_consulent_of_the_clients_municipality(
    manager, consulent, consulent_voorschoten, wassenaar
):
    client = ClientFactory(municipality=wassenaar)
    with pytest.raises(ValidationError) as error:
        services.reassign_consulent(client=client, consulent=consulent_voorschoten, by=manager)
    assert "werkt niet voor de gemeente" in _messages(error.value)
    services.reassign_consulent(client=client, consulent=consulent, by=manager)
    client.refresh_from_db()
    assert client.consulent == consulent


def test_target_groups_are_derived(wassenaar):
    today = date(2026, 11, 23)
    young = ClientFactory(
        municipality=wassenaar, date_of_birth=date(2001, 1, 1), startkwalificatie=False
    )
    older = ClientFactory(
        municipality=wassenaar,
        date_of_birth=date(1976, 11, 23),
        statushouder=True,
        household=Household.SINGLE_PARENT,
    )
    assert [g.value for g in young.target_groups(today)] == ["jongere"]
    assert [g.value for g in older.target_groups(today)] == [
        "50plus",
        "statushouder",
        "alleenstaande_ouder",
    ]
    for group in ("50plus", "jongere", "statushouder", "alleenstaande_ouder"):
        in_sql = set(Client.objects.in_target_group(group, on=today))
        in_python = {c for c in (young, older) if group in c.target_groups(today)}
        assert in_sql == in_python, group
