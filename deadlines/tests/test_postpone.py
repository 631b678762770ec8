"""Putting a signal off (issue 20): a consulent postpones one signal of one client until a date
with a reason; it is gone from Vandaag (filtered in the kinds' SQL) until that day and then
back; the postponement is in the client's change history; bad input gets a Dutch message and
saves nothing; the consulent comes back to the same kind on Vandaag."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from clients.models import AccessLog, Client
from deadlines import clock
from deadlines.models import Postponement
from deadlines.queries import counts_by_consulent
from deadlines.tests.helpers import signals
from deadlines.tests.test_views import assessed, page
from history.models import EVENT_MODELS
from organisations.roles import CONSULENT, MANAGER
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
BACK = "/vandaag/#soort-herbeoordeling"


def postpone_url(person, kind="herbeoordeling", next_=BACK) -> str:
    url = reverse("deadlines:signal_postpone", args=[person.pk]) + f"?soort={kind}"
    return url + (f"&next={quote(next_)}" if next_ else "")


def postpone(http, person, until, reason="Cliënt is opgenomen, daarna opnieuw", **kw):
    return http.post(postpone_url(person, **kw), {"until": until.isoformat(), "reason": reason})


def on_vandaag(http, person, kind="herbeoordeling") -> bool:
    """The client is listed under the kind on Vandaag."""
    html = page(http.get(reverse("deadlines:today")))
    if f'id="soort-{kind}"' not in html:
        return False
    section = html.split(f'id="soort-{kind}"')[1].split("</section>")[0]
    return reverse("clients:client_detail", args=[person.pk]) in section


def test_a_postponed_signal_is_gone_until_its_date_and_then_back(
    consulent_client, consulent, wassenaar
):
    person = assessed(wassenaar, consulent, days_ago=300, last_name="Uitsteller")
    assert on_vandaag(consulent_client, person)
    until = TODAY + timedelta(days=10)
    response = postpone(consulent_client, person, until)
    assert response.status_code == 302
    assert response["Location"] == BACK  # the same place in the list
    assert not on_vandaag(consulent_client, person)
    # Listed under Uitgesteld, with the day it comes back and the reason.
    html = page(consulent_client.get(reverse("deadlines:today")))
    put_off = html.split('id="uitgesteld"')[1].split("</section>")[0]
    assert "Uitsteller" in put_off
    assert until.strftime("%d-%m-%Y") in put_off
    assert "Cliënt is opgenomen" in put_off
    assert not signals(person, until - timedelta(days=1), "herbeoordeling")
    assert signals(person, until, "herbeoordeling")  # back on the day itself
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "today", lambda: until)
        assert on_vandaag(consulent_client, person)


def test_only_the_one_signal_is_put_off(consulent_client, consulent, wassenaar):
    person = assessed(wassenaar, consulent, days_ago=300)
    other = assessed(wassenaar, consulent, days_ago=300)
    postpone(consulent_client, person, TODAY + timedelta(days=5))
    assert not signals(person, TODAY, "herbeoordeling")
    assert signals(other, TODAY, "herbeoordeling")
    assert signals(person, TODAY, "contact")  # another kind of the same client stays


def test_the_managers_counts_leave_out_what_was_put_off(consulent_client, consulent, wassenaar):
    person = assessed(wassenaar, consulent, days_ago=300)
    assessed(wassenaar, consulent, days_ago=300)
    scope = Client.objects.filter(municipality=wassenaar)
    assert counts_by_consulent(scope, TODAY)[(consulent.pk, "herbeoordeling")] == 2
    postpone(consulent_client, person, TODAY + timedelta(days=5))
    assert counts_by_consulent(scope, TODAY)[(consulent.pk, "herbeoordeling")] == 1


def test_the_postponement_is_in_the_clients_history(consulent_client, consulent, wassenaar):
    consulent.first_name, consulent.last_name = "Carla", "Consulent"
    consulent.save()
    person = assessed(wassenaar, consulent, days_ago=300)
    postpone(consulent_client, person, TODAY + timedelta(days=7), reason="Wacht op arts")
    saved = Postponement.objects.get(client=person)
    assert (saved.kind, saved.created_by, saved.reason) == (
        "herbeoordeling",
        consulent,
        "Wacht op arts",
    )
    events = EVENT_MODELS[Postponement].objects.filter(pgh_obj=saved)
    assert [event.pgh_label for event in events] == ["insert"]
    html = page(consulent_client.get(reverse("history:client_history", args=[person.pk])))
    assert "Wacht op arts" in html
    assert "door Carla Consulent" in html
    assert AccessLog.objects.filter(client=person, detail__startswith="Signaal uitgesteld").exists()


@pytest.mark.parametrize(
    ("days", "reason", "message"),
    [
        (0, "Reden", "Kies een datum na vandaag."),
        (-3, "Reden", "Kies een datum na vandaag."),
        (settings.OPSTAP_SIGNAL_POSTPONE_MAX_DAYS + 1, "Reden", "Uitstellen kan tot uiterlijk"),
        (5, "   ", "Geef een reden voor het uitstellen."),
    ],
)
def test_bad_input_gets_a_dutch_message_and_saves_nothing(
    consulent_client, consulent, wassenaar, days, reason, message
):
    person = assessed(wassenaar, consulent, days_ago=300)
    response = postpone(consulent_client, person, TODAY + timedelta(days=days), reason=reason)
    assert message in page(response)
    assert not Postponement.objects.exists()
    assert signals(person, TODAY, "herbeoordeling")


def test_a_date_that_is_no_date_gets_a_message(consulent_client, consulent, wassenaar):
    person = assessed(wassenaar, consulent, days_ago=300)
    response = consulent_client.post(postpone_url(person), {"until": "31-02-2026", "reason": "x"})
    assert "Voer een geldige datum in." in page(response)
    assert not Postponement.objects.exists()


def test_a_next_to_another_site_goes_to_vandaag(consulent_client, consulent, wassenaar):
    person = assessed(wassenaar, consulent, days_ago=300)
    response = postpone(
        consulent_client, person, TODAY + timedelta(days=3), next_="https://x.example/"
    )
    assert response["Location"] == "/vandaag/#soort-herbeoordeling"


def test_the_page_shows_the_signal_and_logs_the_client(consulent_client, consulent, wassenaar):
    person = assessed(wassenaar, consulent, days_ago=300, last_name="Toonbaar")
    html = page(consulent_client.get(postpone_url(person)))
    assert "Signaal uitstellen" in html
    assert "Toonbaar" in html
    assert "Herbeoordeling" in html
    assert AccessLog.objects.filter(
        client=person, detail="Signaal uitstellen: Herbeoordeling"
    ).exists()


def test_a_signal_that_is_not_there_is_a_404_or_back_to_vandaag(
    consulent_client, consulent, wassenaar
):
    person = assessed(wassenaar, consulent, days_ago=300)
    assert consulent_client.get(postpone_url(person, kind="premie")).status_code == 404
    assert consulent_client.get(postpone_url(person, kind="bestaatniet")).status_code == 404
    bad_object = reverse("deadlines:signal_postpone", args=[person.pk]) + "?soort=actie&object=x"
    assert consulent_client.get(bad_object).status_code == 404
    postpone(consulent_client, person, TODAY + timedelta(days=3))
    # Posted twice (a double click): the second finds it put off and goes back, saving nothing.
    again = postpone(consulent_client, person, TODAY + timedelta(days=3))
    assert again["Location"] == BACK
    assert Postponement.objects.count() == 1


def test_someone_elses_client_is_a_404_and_a_manager_gets_a_403(
    client, consulent, consulent_voorschoten, organisation, wassenaar, manager
):
    person = assessed(wassenaar, consulent, days_ago=300)
    colleague = UserFactory(organisation=organisation, roles=[CONSULENT], scope=[wassenaar])
    for user in (consulent_voorschoten, colleague):  # other municipality; not their client
        client.force_login(user)
        assert client.get(postpone_url(person)).status_code == 404
        assert postpone(client, person, TODAY + timedelta(days=3)).status_code == 404
    client.force_login(UserFactory(organisation=organisation, roles=[MANAGER], scope=[wassenaar]))
    assert client.get(postpone_url(person)).status_code == 403
    assert not Postponement.objects.exists()


@pytest.mark.parametrize("size", [1, 8])
def test_vandaag_costs_the_same_queries_with_postponements(
    consulent_client, consulent, wassenaar, django_assert_max_num_queries, size
):
    for number in range(size):
        person = assessed(wassenaar, consulent, last_name=f"Klant{number:02}")
        postpone(consulent_client, person, TODAY + timedelta(days=3 + number))
    assessed(wassenaar, consulent, last_name="Niet uitgesteld")
    # As test_views: the read of the scope, the kinds as one statement, names, the access log,
    # appointments, vervangingen, approvals, and one for the list of what was put off.
    with django_assert_max_num_queries(12):
        html = page(consulent_client.get(reverse("deadlines:today")))
    due = html.split('id="soort-herbeoordeling"')[1].split("</section>")[0]
    assert "Niet uitgesteld" in due
    assert "Klant" not in due
    assert html.split('id="uitgesteld"')[1].count("Klant") == size
