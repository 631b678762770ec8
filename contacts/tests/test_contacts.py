"""Contact details: Dutch checks and normalisation, effective-dated rows, the file section,
contact persons, scoping."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from contacts import services
from contacts.models import ContactDetails, ContactPerson
from core.contact import display_phone, normalise_phone, normalise_postcode
from tests.factories import ClientFactory, MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
ADDRESS = {
    "address_kind": "woonadres",
    "street": "Kerkstraat",
    "house_number": "12",
    "addition": "a",
    "postcode": "2242ab",
    "city": "Wassenaar",
    "phone": "070-1234567",
    "mobile": "06 12 34 56 78",
    "email": "anna@example.nl",
    "preferred_channel": "email",
}


@pytest.fixture
def person(wassenaar, consulent):
    return ClientFactory(municipality=wassenaar, consulent=consulent, last_name="Jansen")


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize(
    ("typed", "stored"), [("2242ab", "2242 AB"), (" 1011 Ab ", "1011 AB"), ("9999ZZ", "9999 ZZ")]
)
def test_a_postcode_is_normalised(typed, stored):
    assert normalise_postcode(typed) == stored


@pytest.mark.parametrize("typed", ["0123 AB", "1234 SA", "12345", "AB 1234", "1234-AB"])
def test_an_invalid_postcode_is_refused_in_dutch(typed):
    with pytest.raises(ValidationError, match="geen geldige Nederlandse postcode"):
        normalise_postcode(typed)


def test_phone_numbers_are_stored_in_e164_and_shown_the_dutch_way():
    assert normalise_phone("06-12345678") == "+31612345678"
    assert normalise_phone("+31 70 123 4567") == "+31701234567"
    assert display_phone("+31612345678") == "06 12345678"
    assert display_phone("+31701234567") == "070 123 4567"
    assert display_phone(normalise_phone("+32 2 555 12 12")).startswith("+32")
    with pytest.raises(ValidationError, match="geen geldig telefoonnummer"):
        normalise_phone("12345")


def test_a_consulent_records_contact_details_on_the_file(consulent_client, person):
    url = reverse("contacts:details_create", args=[person.pk])
    response = consulent_client.post(url, {**ADDRESS, "valid_from": TODAY.isoformat()}, follow=True)
    html = page(response)
    row = ContactDetails.objects.get(client=person)
    assert (row.postcode, row.phone, row.mobile) == ("2242 AB", "+31701234567", "+31612345678")
    assert "Kerkstraat 12-a" in html
    assert "2242 AB" in html
    assert "06 12345678" in html


def test_bad_input_gets_dutch_messages_and_nothing_is_stored(consulent_client, person):
    url = reverse("contacts:details_create", args=[person.pk])
    html = page(
        consulent_client.post(
            url,
            {
                **ADDRESS,
                "valid_from": TODAY.isoformat(),
                "postcode": "12AB",
                "phone": "123",
                "email": "geen-adres",
                "interpreter_needed": "on",
            },
        )
    )
    assert "Dit is geen geldige Nederlandse postcode" in html
    assert "Dit is geen geldig telefoonnummer" in html
    assert "Dit is geen geldig e-mailadres" in html
    assert "Vul in welke taal de tolk spreekt." in html
    assert not ContactDetails.objects.exists()


def test_no_fixed_address_is_allowed_and_marked(consulent_client, person):
    url = reverse("contacts:details_create", args=[person.pk])
    data = {"valid_from": TODAY.isoformat(), "address_kind": "geen_vast_adres",
            "preferred_channel": "telefoon", "mobile": "0612345678"}  # fmt: skip
    html = page(consulent_client.post(url, data, follow=True))
    assert "Geen vast adres" in html
    assert ContactDetails.objects.get(client=person).street == ""


def test_a_change_is_a_new_row_from_a_date_and_nothing_is_overwritten(consulent, person):
    data = {k: v for k, v in ADDRESS.items() if k not in ("phone", "mobile")}
    data |= {"postcode": "2242 AB", "house_number": 12}
    first = services.record_contact_details(
        client=person, valid_from=TODAY - timedelta(days=100), data=data, by=consulent
    )
    services.record_contact_details(
        client=person, valid_from=TODAY - timedelta(days=10),
        data={**data, "street": "Dorpsstraat"}, by=consulent,
    )  # fmt: skip
    first.refresh_from_db()
    assert first.valid_until == TODAY - timedelta(days=10)
    assert services.current_contact_details(person).street == "Dorpsstraat"
    assert services.current_contact_details(person, TODAY - timedelta(days=50)).street == (
        "Kerkstraat"
    )
    # back-dated between the two: runs until the next
    middle = services.record_contact_details(
        client=person, valid_from=TODAY - timedelta(days=50),
        data={**data, "street": "Middenweg"}, by=consulent,
    )  # fmt: skip
    assert middle.valid_until == TODAY - timedelta(days=10)
    with pytest.raises(ValidationError, match="al contactgegevens"):
        services.record_contact_details(
            client=person, valid_from=TODAY - timedelta(days=50), data=data, by=consulent
        )


def test_contact_persons_with_their_role_and_details(consulent_client, person):
    url = reverse("contacts:person_create", args=[person.pk])
    data = {"role": "bewindvoerder", "name": "B. Bewind", "organisation": "Bewind BV",
            "phone": "0701234567", "email": "b@bewind.nl", "start": TODAY.isoformat()}  # fmt: skip
    html = page(consulent_client.post(url, data, follow=True))
    assert "Bewindvoerder" in html
    assert "B. Bewind" in html
    contact = ContactPerson.objects.get()
    assert contact.phone == "+31701234567"
    end = reverse("contacts:person_end", args=[contact.pk])
    consulent_client.post(end, {"end": (TODAY - timedelta(days=1)).isoformat()})
    contact.refresh_from_db()
    assert contact.end is None  # before the start: refused
    consulent_client.post(end, {"end": TODAY.isoformat()})
    contact.refresh_from_db()
    assert contact.end == TODAY


def test_another_municipality_gets_a_404(client, consulent, person, organisation):
    contact = services.add_contact_person(
        client=person, data={"role": "mentor", "name": "M", "start": TODAY}, by=consulent
    )
    other = UserFactory(organisation=organisation, roles=["consulent"],
                        scope=[MunicipalityFactory(organisation=organisation)])  # fmt: skip
    client.force_login(other)
    for name in ("contacts:details_create", "contacts:details_history", "contacts:person_create"):
        assert client.get(reverse(name, args=[person.pk])).status_code == 404
    assert client.get(reverse("contacts:person_end", args=[contact.pk])).status_code == 404
