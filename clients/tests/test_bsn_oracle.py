"""Issue 16, item 9: registering or changing a BSN tells the user nothing about clients outside
their scope. A BSN of a client in another municipality of the organisation gets one neutral
message and a refused row in that client's access log; a BSN of a client the user may see gets
the helpful message with a link to the file."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import AccessAction, AccessLog, AccessResult, Client
from tests.factories import ClientFactory, MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

NEUTRAL = "Dit BSN kan hier niet worden geregistreerd. Neem contact op met functioneel beheer."
HELPFUL = "Er is al een cliënt met dit BSN."


def registration(municipality, bsn: str, last_name: str = "Nieuwkomer") -> dict:
    return {
        "bsn": bsn,
        "first_names": "Sara",
        "last_name": last_name,
        "date_of_birth": "1991-02-03",
        "municipality": municipality.pk,
        "household": "alleenstaand",
        "language_level": "onbekend",
        "taaleis_status": "niet_beoordeeld",
        "benefit_start": timezone.localdate().isoformat(),
    }


def bsn_errors(response) -> str:
    assert response.status_code == 200
    return " ".join(response.context["form"].errors.get("bsn", []))


def test_a_bsn_of_another_municipality_gets_the_neutral_message_and_a_refused_row(
    consulent_client, consulent, wassenaar, voorschoten
):
    elsewhere = ClientFactory(municipality=voorschoten, last_name="Anderswonend")
    response = consulent_client.post(
        reverse("clients:client_create"), registration(wassenaar, elsewhere.bsn)
    )
    assert bsn_errors(response) == NEUTRAL
    html = response.content.decode()
    assert HELPFUL not in html
    assert "Anderswonend" not in html
    assert "Voorschoten" not in html
    assert reverse("clients:client_detail", args=[elsewhere.pk]) not in html
    assert not Client.objects.filter(last_name="Nieuwkomer").exists()
    refused = AccessLog.objects.get(client=elsewhere)
    assert (refused.user, refused.action, refused.result) == (
        consulent,
        AccessAction.CREATE,
        AccessResult.REFUSED,
    )


def test_a_bsn_in_the_users_own_scope_names_the_client_with_a_link(consulent_client, wassenaar):
    mine = ClientFactory(municipality=wassenaar, last_name="Bekende")
    response = consulent_client.post(
        reverse("clients:client_create"), registration(wassenaar, mine.bsn)
    )
    errors = bsn_errors(response)
    assert HELPFUL in errors
    assert f'<a href="{reverse("clients:client_detail", args=[mine.pk])}">' in errors
    assert f'<a href="/clienten/{mine.pk}/">' in response.content.decode()  # not escaped
    assert not AccessLog.objects.filter(client=mine, result=AccessResult.REFUSED).exists()


def test_changing_a_bsn_into_one_of_another_municipality_is_refused_neutrally(
    consulent_client, consulent, wassenaar, voorschoten
):
    mine = ClientFactory(municipality=wassenaar, last_name="Eigen")
    elsewhere = ClientFactory(municipality=voorschoten)
    data = registration(wassenaar, elsewhere.bsn, last_name="Eigen")
    data["version"] = mine.version
    response = consulent_client.post(reverse("clients:client_update", args=[mine.pk]), data)
    assert bsn_errors(response) == NEUTRAL
    mine.refresh_from_db()
    assert mine.bsn != elsewhere.bsn
    refused = AccessLog.objects.get(client=elsewhere)
    assert (refused.action, refused.result) == (AccessAction.UPDATE, AccessResult.REFUSED)


def test_another_organisations_bsn_is_no_conflict_a_neighbours_is_refused_neutrally(
    consulent_client, wassenaar, voorschoten
):
    """BSNs are unique per organisation: only a neighbour municipality's client conflicts."""
    other_org = MunicipalityFactory(organisation=OrganisationFactory(name="Elders"))
    far = ClientFactory(municipality=other_org)
    near = ClientFactory(municipality=voorschoten)
    url = reverse("clients:client_create")
    # Another organisation's client is no conflict at all: that BSN registers here.
    assert consulent_client.post(url, registration(wassenaar, far.bsn)).status_code == 302
    assert bsn_errors(consulent_client.post(url, registration(wassenaar, near.bsn))) == NEUTRAL
