"""The one timeline on the client file: every app's entries in date order, filtered by kind,
through the extension point (clients imports none of the apps)."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agenda.models import AppointmentKind
from agenda.services import plan_appointment
from clients import extensions
from clients.models import AccessLog, ContactKind
from clients.services import add_note
from contacts.services import record_contact_details
from tests.factories import BenefitPeriodFactory, ClientFactory, MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def person(wassenaar, consulent):
    client = ClientFactory(municipality=wassenaar, consulent=consulent, last_name="Tijd")
    BenefitPeriodFactory(client=client, start=TODAY - timedelta(days=300))
    add_note(client=client, on=TODAY - timedelta(days=20), kind=ContactKind.PHONE,
             text="Gebeld over de afspraak", by=consulent)  # fmt: skip
    plan_appointment(client=client, consulent=consulent, day=TODAY - timedelta(days=5),
                     kind=AppointmentKind.objects.get(code="intake"), start=time(9),
                     end=time(10), place="kantoor", by=consulent)  # fmt: skip
    record_contact_details(client=client, valid_from=TODAY - timedelta(days=100), by=consulent,
                           data={"address_kind": "geen_vast_adres"})  # fmt: skip
    return client


def test_every_app_registers_its_entries():
    kinds = {source.kind for source in extensions.timeline_entries}
    assert {"notitie", "uitkering", "beoordeling", "plan", "traject", "afspraak",
            "contactgegevens", "brief", "document"} <= kinds  # fmt: skip


def test_the_timeline_in_date_order_newest_first(consulent_client, person):
    response = consulent_client.get(reverse("clients:client_timeline", args=[person.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    positions = [
        html.index(text)
        for text in (
            "Afspraak: intake",
            "Contact: telefoon",
            "Contactgegevens gewijzigd",
            "Uitkering gestart",
        )
    ]
    assert positions == sorted(positions)
    assert AccessLog.objects.filter(client=person, detail="Tijdlijn bekeken").count() == 1


def test_the_timeline_filters_by_kind(consulent_client, person):
    url = reverse("clients:client_timeline", args=[person.pk])
    html = consulent_client.get(url, {"soort": "afspraak"}).content.decode()
    assert "Afspraak: intake" in html
    assert "Contact: telefoon" not in html
    assert consulent_client.get(url, {"soort": "bestaat-niet"}).status_code == 404


def test_the_file_links_to_the_timeline(consulent_client, person):
    html = consulent_client.get(reverse("clients:client_detail", args=[person.pk])).content
    assert reverse("clients:client_timeline", args=[person.pk]) in html.decode()


def test_another_municipality_gets_a_404(client, person, organisation):
    other = UserFactory(organisation=organisation, roles=["consulent"],
                        scope=[MunicipalityFactory(organisation=organisation)])  # fmt: skip
    client.force_login(other)
    assert client.get(reverse("clients:client_timeline", args=[person.pk])).status_code == 404
