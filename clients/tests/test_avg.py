"""Item 7 (part): the AVG art. 15 export of everything Opstap holds about one client."""

import io
import json
import zipfile
from datetime import date

import pytest
from django.apps import apps
from django.db import models

from clients.avg import client_export, client_paths
from clients.models import AccessAction, AccessLog, Client, ContactKind, ProcessingActivity
from clients.services import add_note
from tests.factories import BenefitPeriodFactory, ClientFactory, UserFactory

pytestmark = pytest.mark.django_db


def _refers_to_client(model, seen=()) -> bool:
    if model is Client:
        return True
    return any(
        isinstance(field, models.ForeignKey | models.OneToOneField)
        and field.related_model not in (*seen, model)
        and _refers_to_client(field.related_model, (*seen, model))
        for field in model._meta.get_fields()
    )


def test_every_model_with_client_data_is_in_the_export():
    """Walks all models: a model added later that refers to a client is exported too."""
    holding = {model for model in apps.get_models() if _refers_to_client(model)}
    assert set(client_paths()) == holding
    assert {"clients.Client", "clients.AccessLog", "plans.Goal", "trajectories.PremiumPayment"} <= {
        model._meta.label for model in holding
    }


def test_the_export_holds_this_clients_rows_and_no_others(consulent, wassenaar):
    person = ClientFactory(municipality=wassenaar, consulent=consulent)
    other = ClientFactory(municipality=wassenaar, consulent=consulent)
    BenefitPeriodFactory(client=person, start=date(2024, 1, 1))
    BenefitPeriodFactory(client=other, start=date(2023, 1, 1))
    add_note(
        client=person, on=date(2025, 1, 2), kind=ContactKind.PHONE, text="Gebeld", by=consulent
    )
    add_note(client=other, on=date(2025, 1, 2), kind=ContactKind.PHONE, text="Ander", by=consulent)
    data = client_export(person)["gegevens"]
    assert data["clients.Client"]["rijen"][0]["bsn"] == person.bsn
    assert [row["start"] for row in data["clients.BenefitPeriod"]["rijen"]] == [date(2024, 1, 1)]
    assert [row["text"] for row in data["clients.ContactNote"]["rijen"]] == ["Gebeld"]
    assert len(data["clients.AccessLog"]["rijen"]) == 1
    assert set(data) == {model._meta.label for model in client_paths()}
    assert other.bsn not in json.dumps(client_export(person), default=str)


def test_the_export_download_is_logged_and_scoped(client, beheerder, consulent, wassenaar, organisation, voorschoten):  # fmt: skip
    person = ClientFactory(municipality=wassenaar)
    client.force_login(beheerder)
    response = client.post(f"/clienten/{person.pk}/avg-export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert person.bsn not in response["Content-Disposition"]
    exported = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("gegevens.json"))
    assert exported["gegevens"]["clients.AccessLog"]["rijen"][-1]["action"] == AccessAction.EXPORT
    assert (
        AccessLog.objects.get(client=person, action=AccessAction.EXPORT).processing_activity
        == ProcessingActivity.DATA_SUBJECT_REQUEST
    )
    assert client.get(f"/clienten/{person.pk}/avg-export/").status_code == 405
    # A consulent may not; a beheerder of another municipality gets a 404.
    client.force_login(consulent)
    assert client.post(f"/clienten/{person.pk}/avg-export/").status_code == 403
    from organisations.roles import BEHEERDER

    elsewhere = UserFactory(organisation=organisation, roles=[BEHEERDER], scope=[voorschoten],
                            is_staff=True)  # fmt: skip
    client.force_login(elsewhere)
    assert client.post(f"/clienten/{person.pk}/avg-export/").status_code == 404
