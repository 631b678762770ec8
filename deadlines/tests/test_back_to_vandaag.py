"""After handling a signal the consulent lands back on Vandaag, at the kind they came from
(issue 20): the signal's link carries a `next`, and the action honours it when it is a path on
this site, never another host (core.redirects)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from clients.models import ContactNote
from core.redirects import safe_next, with_next
from deadlines.tests.test_views import assessed, page
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
BACK = "/vandaag/#soort-herbeoordeling"


def test_a_signals_link_comes_back_to_its_kind_on_vandaag(consulent_client, consulent, wassenaar):
    late = assessed(wassenaar, consulent, days_ago=300)
    html = page(consulent_client.get(reverse("deadlines:today")))
    action = reverse("categorisation:assessment_create", args=[late.pk])
    assert f"{action}?next={quote(BACK, safe='')}" in html


def test_a_contact_note_from_vandaag_goes_back_to_vandaag(consulent_client, consulent, wassenaar):
    person = ClientFactory(municipality=wassenaar, consulent=consulent)
    url = reverse("clients:contactnote_create", args=[person.pk]) + "?next=" + quote(BACK)
    response = consulent_client.post(
        url, {"date": TODAY.isoformat(), "kind": "telefoon", "text": "Gebeld"}
    )
    assert response.status_code == 302
    assert response["Location"] == BACK
    assert ContactNote.objects.filter(client=person).count() == 1


@pytest.mark.parametrize(
    "target", ["https://elders.example/vandaag/", "//elders.example/", "javascript:alert(1)"]
)
def test_a_next_to_another_site_goes_to_the_client_file(
    consulent_client, consulent, wassenaar, target
):
    person = ClientFactory(municipality=wassenaar, consulent=consulent)
    url = reverse("clients:contactnote_create", args=[person.pk]) + "?next=" + quote(target)
    response = consulent_client.post(
        url, {"date": TODAY.isoformat(), "kind": "telefoon", "text": "Gebeld"}
    )
    assert response["Location"] == reverse("clients:client_detail", args=[person.pk])


def test_safe_next_and_with_next():
    request = RequestFactory().get("/x/", {"next": "/vandaag/?soort=contact"})
    assert safe_next(request) == "/vandaag/?soort=contact"
    assert safe_next(RequestFactory().get("/x/", {"next": "https://elders.example/"})) is None
    assert with_next("/c/1/#h-ontheffing", "/vandaag/") == "/c/1/?next=%2Fvandaag%2F#h-ontheffing"
    assert with_next("/c/?a=1", "/v/") == "/c/?a=1&next=%2Fv%2F"
