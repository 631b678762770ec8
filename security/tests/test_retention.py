"""Item 7 (part): clients whose last benefit ended more than the retention period ago are
anonymised, nightly."""

from datetime import date

import pytest
from django.conf import settings
from stdnum.nl import bsn as stdnum_bsn

from clients.access import log_access
from clients.avg import client_paths
from clients.models import AccessAction, AccessLog, Client, ContactKind, OntheffingReason
from clients.services import add_note, add_ontheffing
from security.retention import ANONYMISED, _text_fields, apply_retention, placeholder_bsn
from security.tasks import apply_retention_nightly
from tests.factories import BenefitPeriodFactory, ClientFactory, end_reason

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)


def _ended(consulent, wassenaar, end: date, **kwargs) -> Client:
    person = ClientFactory(municipality=wassenaar, consulent=consulent, **kwargs)
    BenefitPeriodFactory(
        client=person, start=date(2010, 1, 1), end=end, end_reason=end_reason("11")
    )
    return person


def test_the_default_is_ten_years_and_the_job_runs_nightly():
    assert settings.OPSTAP_RETENTION_YEARS == 10
    assert (
        settings.CELERY_BEAT_SCHEDULE["security-apply-retention"]["task"]
        == "security.tasks.apply_retention_nightly"
    )


def test_a_client_past_the_period_is_anonymised(consulent, wassenaar):
    old = _ended(consulent, wassenaar, date(2016, 5, 31), first_names="Oud", last_name="Klant",
                 date_of_birth=date(1960, 7, 15))  # fmt: skip
    add_ontheffing(client=old, reason=OntheffingReason.MEDICAL, start=date(2012, 1, 1),
                   end=date(2013, 1, 1), remark="Rugklachten", by=consulent)  # fmt: skip
    add_note(client=old, on=date(2015, 1, 1), kind=ContactKind.MEETING, text="Gezondheid", by=consulent)  # fmt: skip
    log_access(user=consulent, client=old, action=AccessAction.VIEW)
    bsn = old.bsn
    assert apply_retention(TODAY) == 1
    old.refresh_from_db()
    assert old.first_names == old.last_name == ANONYMISED
    assert old.bsn != bsn
    assert not stdnum_bsn.is_valid(old.bsn)
    assert old.date_of_birth == date(1960, 1, 1)
    assert old.ontheffingen.get().remark == ""
    assert old.notes.get().text == ANONYMISED
    assert old.benefit_periods.count() == 1  # the figures of past years stay
    assert AccessLog.objects.filter(client=old).count() >= 1  # the log keeps its rows


def test_clients_within_the_period_or_with_a_running_benefit_stay(consulent, wassenaar):
    recent = _ended(consulent, wassenaar, date(2016, 6, 2))
    running = ClientFactory(municipality=wassenaar)
    BenefitPeriodFactory(client=running, start=date(2010, 1, 1), end=date(2012, 1, 1),
                         end_reason=end_reason("11"))  # fmt: skip
    BenefitPeriodFactory(client=running, start=date(2020, 1, 1))
    assert apply_retention(TODAY) == 0
    for person in (recent, running):
        person.refresh_from_db()
        assert person.first_names != ANONYMISED


def test_the_period_is_a_setting(consulent, wassenaar, settings):
    person = _ended(consulent, wassenaar, date(2020, 1, 1))
    settings.OPSTAP_RETENTION_YEARS = 5
    assert apply_retention(TODAY) == 1
    person.refresh_from_db()
    assert person.last_name == ANONYMISED


def test_running_twice_changes_nothing_more(consulent, wassenaar):
    _ended(consulent, wassenaar, date(2014, 1, 1))
    assert apply_retention(TODAY) == 1
    assert apply_retention(TODAY) == 0


def test_the_task_runs_the_service(consulent, wassenaar):
    _ended(consulent, wassenaar, date(2012, 1, 1))
    assert apply_retention_nightly() == 1


def test_every_free_text_of_every_model_with_client_data_is_cleared(consulent, wassenaar):
    """Walks all models: a remark column added later is cleared without a change to the job."""
    person = _ended(consulent, wassenaar, date(2014, 1, 1))
    add_note(client=person, on=date(2013, 1, 1), kind=ContactKind.PHONE, text="x", by=consulent)
    apply_retention(TODAY)
    for model, path in client_paths().items():
        if model in (Client, AccessLog):
            continue
        if model._meta.app_label == "history":  # the history of the person is deleted
            assert not model._base_manager.filter(**{path: person}).exists(), model
            continue
        for row in model._base_manager.filter(**{path: person}).values():
            for field in _text_fields(model):
                assert row[field.attname] in ("", ANONYMISED), (model, field.name)


def test_placeholder_bsns_fail_the_elfproef_and_differ():
    values = {placeholder_bsn(n) for n in range(1, 2000)}
    assert len(values) == 1999
    assert not any(stdnum_bsn.is_valid(value) for value in values)
