"""Item 5: the access log, modelled on Logboek Dataverwerkingen."""

import pytest
from django.db import DatabaseError, transaction

from clients.access import log_access
from clients.models import AccessAction, AccessLog, AccessResult, ProcessingActivity
from organisations.roles import CONSULENT, MANAGER
from security.database_roles import database_owner
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def row(consulent, wassenaar):
    person = ClientFactory(municipality=wassenaar, consulent=consulent)
    log_access(user=consulent, client=person, action=AccessAction.VIEW)
    return AccessLog.objects.get(client=person)


def test_rows_cannot_be_changed(row):
    # The trigger refuses even the tables' owner; the application role, which the tests run as,
    # has no UPDATE or DELETE on the table at all (tests/test_production_roles.py).
    refused = pytest.raises(DatabaseError, match="alleen worden aangevuld")
    with database_owner(), refused, transaction.atomic():
        AccessLog.objects.filter(pk=row.pk).update(detail="weggepoetst")
    row.detail = "weggepoetst"
    with pytest.raises(DatabaseError), transaction.atomic():
        row.save()
    row.refresh_from_db()
    assert row.detail == ""


def test_rows_cannot_be_deleted(row):
    refused = pytest.raises(DatabaseError, match="alleen worden aangevuld")
    with database_owner(), refused, transaction.atomic():
        AccessLog.objects.filter(pk=row.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        row.delete()
    assert AccessLog.objects.filter(pk=row.pk).exists()


def test_a_view_is_logged_with_request_id_object_result_and_activity(
    consulent_client, consulent, wassenaar
):
    person = ClientFactory(municipality=wassenaar, consulent=consulent)
    response = consulent_client.get(f"/clienten/{person.pk}/")
    entry = AccessLog.objects.get(client=person, action=AccessAction.VIEW)
    assert entry.user == consulent
    assert entry.request_id == response["X-Request-ID"]
    assert entry.object_ref == f"clients.client:{person.pk}"
    assert entry.result == AccessResult.SUCCESS
    assert entry.processing_activity == ProcessingActivity.CASEWORK
    assert entry.at.utcoffset().total_seconds() == 0  # stored and read as UTC


def test_the_caseload_logs_each_client_listed_and_no_other(
    consulent_client, consulent, wassenaar, settings
):
    settings.OPSTAP_CASELOAD_PAGE_SIZE = 2
    mine = [ClientFactory(municipality=wassenaar, consulent=consulent, last_name=n) for n in "ABC"]
    response = consulent_client.get("/clienten/")
    assert response.status_code == 200
    listed = AccessLog.objects.filter(action=AccessAction.SEARCH)
    assert sorted(listed.values_list("client_id", flat=True)) == [mine[0].pk, mine[1].pk]
    assert {entry.request_id for entry in listed} == {response["X-Request-ID"]}


def test_who_has_seen_this_file(consulent_client, consulent, wassenaar, organisation):
    person = ClientFactory(municipality=wassenaar, consulent=consulent)
    colleague = UserFactory(organisation=organisation, roles=[CONSULENT], scope=[wassenaar],
                            first_name="Karin", last_name="Collega")  # fmt: skip
    log_access(user=colleague, client=person, action=AccessAction.VIEW)
    detail = consulent_client.get(f"/clienten/{person.pk}/").content.decode()
    assert "Wie heeft deze gegevens ingezien" in detail
    page = consulent_client.get(f"/clienten/{person.pk}/toegangslog/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Karin Collega" in html
    assert "Inzage in het toegangslog" in html
    # Reading the log is itself logged.
    assert AccessLog.objects.filter(
        client=person,
        user=consulent,
        action=AccessAction.LOG_VIEW,
        processing_activity=ProcessingActivity.ACCOUNTABILITY,
    ).exists()


def test_the_log_of_another_municipality_is_a_404(client, consulent_voorschoten, wassenaar):
    person = ClientFactory(municipality=wassenaar)
    client.force_login(consulent_voorschoten)
    assert client.get(f"/clienten/{person.pk}/toegangslog/").status_code == 404
    assert not AccessLog.objects.filter(client=person).exists()


def test_a_manager_without_client_access_cannot_read_the_log(client, organisation, wassenaar):
    manager = UserFactory(organisation=organisation, roles=[MANAGER], scope=[wassenaar])
    person = ClientFactory(municipality=wassenaar)
    client.force_login(manager)
    assert client.get(f"/clienten/{person.pk}/toegangslog/").status_code == 404
