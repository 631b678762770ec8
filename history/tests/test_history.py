"""Item 6: the change history of every model with client data, bulk updates included."""

from datetime import date

import pytest

from clients.avg import client_paths
from clients.models import AccessLog, Client, ContactKind
from clients.services import add_note, update_client
from history.models import EVENT_MODELS
from reporting.models import Spell
from tests.factories import BenefitPeriodFactory, ClientFactory
from tests.schema import leading_columns

pytestmark = pytest.mark.django_db


def test_every_model_with_client_data_is_tracked():
    """Walks all models: a new model that refers to a client needs an event model here."""
    holding = {
        model
        for model in client_paths()
        if model._meta.app_label != "history"
        and model is not AccessLog  # the log is append-only
        and model is not Spell  # derived from the benefit periods, whose history is kept
    }
    assert holding == set(EVENT_MODELS)


def test_the_history_of_a_client_is_read_through_an_index():
    """The Wijzigingsgeschiedenis and the AVG export read each event table by the column that
    leads to the client (client_paths): that column starts an index, at any size of the table.
    The events' other references (organisation, users, codes) have none (settings)."""
    leading = leading_columns()
    paths = client_paths()
    for event in EVENT_MODELS.values():
        column = event._meta.get_field(paths[event].split("__")[0]).column
        assert (event._meta.db_table, column) in leading, event
    client_events = EVENT_MODELS[Client]._meta.db_table
    assert (client_events, "organisation_id") not in leading
    assert (client_events, "pgh_obj_id") in leading


def test_a_bulk_update_is_recorded(consulent, wassenaar):
    person = ClientFactory(municipality=wassenaar, last_name="Voor")
    Client.objects.filter(pk=person.pk).update(last_name="Na")  # no save(), no signal
    events = EVENT_MODELS[Client].objects.filter(pgh_obj=person).order_by("pgh_id")
    assert [(e.pgh_label, e.last_name) for e in events] == [("insert", "Voor"), ("update", "Na")]


def test_the_history_page_shows_what_changed(consulent_client, consulent, wassenaar):
    person = ClientFactory(municipality=wassenaar, consulent=consulent, last_name="Oud")
    BenefitPeriodFactory(client=person, start=date(2024, 1, 1))
    data = {name: getattr(person, name) for name in ("bsn", "first_names", "last_name")}
    update_client(client=person, data={**data, "last_name": "Nieuw"}, version=1, by=consulent)
    add_note(
        client=person, on=date(2025, 1, 1), kind=ContactKind.PHONE, text="Gebeld", by=consulent
    )
    response = consulent_client.get(f"/geschiedenis/clienten/{person.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wijzigingsgeschiedenis" in html
    assert "Oud" in html
    assert "Nieuw" in html
    assert "Gebeld" in html
    assert "uitkeringsperiode aangemaakt" in html.lower()
    assert AccessLog.objects.filter(
        client=person, detail="Wijzigingsgeschiedenis ingezien"
    ).exists()


def test_events_are_scoped_like_their_client(consulent, consulent_voorschoten, wassenaar):
    person = ClientFactory(municipality=wassenaar)
    events = EVENT_MODELS[Client].objects
    assert events.for_user(consulent).filter(pgh_obj=person).exists()
    assert not events.for_user(consulent_voorschoten).filter(pgh_obj=person).exists()


def test_another_municipalitys_history_is_a_404(client, consulent_voorschoten, wassenaar):
    person = ClientFactory(municipality=wassenaar)
    client.force_login(consulent_voorschoten)
    assert client.get(f"/geschiedenis/clienten/{person.pk}/").status_code == 404


def test_a_change_through_a_page_names_who_made_it(consulent_client, consulent, wassenaar):
    consulent.first_name, consulent.last_name = "Carla", "Consulent"
    consulent.save()
    person = ClientFactory(municipality=wassenaar, consulent=consulent)
    response = consulent_client.post(
        f"/clienten/{person.pk}/contact/nieuw/",
        {"date": "01-02-2025", "kind": "telefoon", "text": "Gebeld"},
    )
    assert response.status_code == 302
    html = consulent_client.get(f"/geschiedenis/clienten/{person.pk}/").content.decode()
    assert "door Carla Consulent" in html
