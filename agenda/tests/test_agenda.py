"""Appointments: planning and its refusals, the outcome, the agenda with double bookings, the
no-show signal, held appointments as contact, Vandaag, the calendar feed and its secrecy."""

import re
from datetime import time, timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from agenda import feed, services
from agenda.models import Appointment, AppointmentKind, CalendarToken, Status
from clients.models import AccessLog
from deadlines import queries
from tests.factories import BenefitPeriodFactory, ClientFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def kind(code="voortgangsgesprek"):
    return AppointmentKind.objects.get(code=code)


def plan(client, consulent, day=TODAY, start=time(10), end=time(11), **kwargs):
    return services.plan_appointment(
        client=client,
        consulent=consulent,
        kind=kwargs.pop("kind", kind()),
        day=day,
        start=start,
        end=end,
        place=kwargs.pop("place", "kantoor"),
        by=consulent,
        **kwargs,
    )


@pytest.fixture
def person(wassenaar, consulent):
    client = ClientFactory(municipality=wassenaar, consulent=consulent, last_name="Jansen")
    BenefitPeriodFactory(client=client, start=TODAY - timedelta(days=200))
    return client


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_kinds_are_a_seeded_code_table():
    assert {"intake", "voortgangsgesprek", "heronderzoek", "huisbezoek"} <= set(
        AppointmentKind.objects.values_list("code", flat=True)
    )


def test_a_consulent_plans_an_appointment_on_the_file(consulent_client, consulent, person):
    day = TODAY + timedelta(days=3)
    response = consulent_client.post(
        reverse("agenda:appointment_create", args=[person.pk]),
        {
            "kind": kind().pk,
            "date": day.isoformat(),
            "start": "09:30",
            "end": "10:15",
            "place": "huisbezoek",
            "participants": "tolk Arabisch",
        },
        follow=True,
    )
    html = page(response)
    assert "is ingepland" in html
    appointment = Appointment.objects.get(client=person)
    assert (appointment.date, appointment.start, appointment.consulent) == (
        day,
        time(9, 30),
        consulent,
    )
    assert "tolk Arabisch" in html  # on the file, under Afspraken


def test_an_appointment_that_ends_before_it_starts_is_refused_in_dutch(consulent_client, person):
    response = consulent_client.post(
        reverse("agenda:appointment_create", args=[person.pk]),
        {
            "kind": kind().pk,
            "date": TODAY.isoformat(),
            "start": "11:00",
            "end": "10:00",
            "place": "kantoor",
        },
    )
    assert "De afspraak eindigt vóór of op de begintijd." in page(response)
    assert not Appointment.objects.exists()


def test_a_double_booking_is_refused_unless_confirmed(consulent_client, consulent, person):
    plan(person, consulent, start=time(10), end=time(11))
    data = {"kind": kind().pk, "date": TODAY.isoformat(), "start": "10:30", "end": "11:30",
            "place": "telefonisch"}  # fmt: skip
    url = reverse("agenda:appointment_create", args=[person.pk])
    html = page(consulent_client.post(url, data))
    assert "Dubbele boeking" in html
    assert Appointment.objects.count() == 1
    consulent_client.post(url, {**data, "allow_double_booking": "on"})
    assert Appointment.objects.count() == 2
    # back to back is no double booking
    plan(person, consulent, start=time(11, 30), end=time(12))


def test_the_agenda_flags_double_bookings_in_day_and_week(consulent_client, consulent, person):
    plan(person, consulent, start=time(10), end=time(11))
    plan(person, consulent, start=time(10, 30), end=time(11), allow_double_booking=True)
    plan(person, consulent, start=time(14), end=time(15))
    day = page(consulent_client.get(reverse("agenda:agenda_day")))
    assert day.count("Dubbele boeking") == 2
    assert "2 afspraken zijn dubbel geboekt." in day
    week = page(consulent_client.get(reverse("agenda:agenda_week")))
    assert "Jansen" in week
    assert AccessLog.objects.filter(client=person, detail="Agenda").count() == 2


def test_outcomes_held_needs_a_report_and_cancelled_needs_who(consulent_client, consulent, person):
    appointment = plan(person, consulent)
    url = reverse("agenda:appointment_outcome", args=[appointment.pk])
    assert "Schrijf een kort verslag" in page(consulent_client.post(url, {"status": "gehouden"}))
    assert "Vul in wie de afspraak heeft afgezegd." in page(
        consulent_client.post(url, {"status": "afgezegd"})
    )
    consulent_client.post(url, {"status": "gehouden", "report": "Goed gesprek."})
    appointment.refresh_from_db()
    assert (appointment.status, appointment.report) == (Status.HELD, "Goed gesprek.")
    assert "heeft al een uitkomst" in page(
        consulent_client.post(url, {"status": "afgezegd", "cancelled_by": "client"})
    )


def test_a_future_appointment_can_only_be_cancelled(consulent, person):
    appointment = plan(person, consulent, day=TODAY + timedelta(days=2))
    with pytest.raises(Exception, match="alleen worden afgezegd"):
        services.mark_no_show(appointment=appointment, with_notice=False, by=consulent)


def test_a_no_show_makes_a_signal_until_a_new_appointment_is_planned(consulent, person):
    appointment = plan(person, consulent, day=TODAY - timedelta(days=1))
    services.mark_no_show(appointment=appointment, with_notice=False, by=consulent)
    assert list(Appointment.objects.no_shows()) == [appointment]
    clients = person.__class__.objects.filter(pk=person.pk)
    codes = [g.kind.code for g in queries.signal_groups(clients, TODAY)]
    assert "niet_verschenen" in codes
    plan(person, consulent, day=TODAY + timedelta(days=5))
    codes = [g.kind.code for g in queries.signal_groups(clients, TODAY)]
    assert "niet_verschenen" not in codes


def test_the_no_show_signal_on_vandaag_also_starts_a_maatregel(consulent_client, consulent, person):
    # As the appointment's page does: the gedraging form filled in for this no-show, and back
    # to Vandaag afterwards.
    appointment = plan(person, consulent, day=TODAY - timedelta(days=4))
    services.mark_no_show(appointment=appointment, with_notice=False, by=consulent)
    html = page(consulent_client.get(reverse("deadlines:today")))
    links = [unescape(url) for url in re.findall(r'href="([^"]*)">Maatregel starten<', html)]
    start = reverse("measures:maatregel_create", args=[person.pk])
    assert len(links) == 1, links
    assert links[0].startswith(f"{start}?afspraak={appointment.pk}&next=%2Fvandaag%2F"), links
    form = page(consulent_client.get(links[0]))
    assert (
        f"Niet verschenen op voortgangsgesprek van {(TODAY - timedelta(days=4)):%d-%m-%Y}" in form
    )


def test_a_held_appointment_counts_as_personal_contact(consulent, person, settings):
    from categorisation.models import Category
    from categorisation.services import assess_client

    assess_client(client=person, day=TODAY - timedelta(days=200), estimated_months=6,
                  reason="", by=consulent,
                  category=Category.objects.get(organisation__isnull=True, code="1B"))  # fmt: skip
    clients = person.__class__.objects.filter(pk=person.pk)
    assert "contact" in [g.kind.code for g in queries.signal_groups(clients, TODAY)]
    appointment = plan(person, consulent, day=TODAY)
    services.record_outcome(appointment=appointment, status="gehouden", report="ok", by=consulent)
    assert "contact" not in [g.kind.code for g in queries.signal_groups(clients, TODAY)]


def test_upcoming_appointments_show_on_vandaag_and_the_file(consulent_client, consulent, person):
    plan(person, consulent, day=TODAY + timedelta(days=1), kind=kind("intake"))
    html = page(consulent_client.get(reverse("deadlines:today")))
    assert "Komende afspraken" in html
    assert "Intake" in html
    assert "Intake" in page(
        consulent_client.get(reverse("clients:client_detail", args=[person.pk]))
    )


def test_another_municipality_gets_a_404(client, consulent, person, organisation):
    from tests.factories import MunicipalityFactory, UserFactory

    appointment = plan(person, consulent)
    other = UserFactory(organisation=organisation, roles=["consulent"],
                        scope=[MunicipalityFactory(organisation=organisation)])  # fmt: skip
    client.force_login(other)
    for name in ("agenda:appointment_detail", "agenda:appointment_outcome"):
        assert client.get(reverse(name, args=[appointment.pk])).status_code == 404
    assert client.get(reverse("agenda:appointment_create", args=[person.pk])).status_code == 404


def test_the_feed_authenticates_by_a_revocable_secret_and_names_no_client(
    client, consulent, person
):
    plan(person, consulent, day=TODAY + timedelta(days=1))
    token = feed.new_token(user=consulent)
    assert not CalendarToken.objects.filter(digest=token).exists()  # only the hash is stored
    response = client.get(reverse("agenda:feed", args=[token]))  # no login
    assert response.status_code == 200
    body = response.content.decode()
    assert "Jansen" not in body
    assert person.bsn not in body
    assert "Anna" not in body
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Afspraak (voortgangsgesprek), kantoor"]
    assert client.get(reverse("agenda:feed", args=["raden"])).status_code == 404
    newer = feed.new_token(user=consulent)
    assert client.get(reverse("agenda:feed", args=[token])).status_code == 404
    feed.revoke_token(user=consulent)
    assert client.get(reverse("agenda:feed", args=[newer])).status_code == 404


def test_the_link_page_shows_a_new_secret_once(consulent_client, consulent):
    html = page(consulent_client.post(reverse("agenda:calendar_link"), {"action": "nieuw"}))
    assert "/agenda/feed/" in html
    assert "/agenda/feed/" not in page(consulent_client.get(reverse("agenda:calendar_link")))
    consulent_client.post(reverse("agenda:calendar_link"), {"action": "intrekken"})
    assert not CalendarToken.objects.filter(user=consulent).exists()


def test_the_download_is_the_own_agenda(consulent_client, consulent, person):
    plan(person, consulent, day=TODAY)
    response = consulent_client.get(reverse("agenda:agenda_download"))
    assert response["Content-Type"].startswith("text/calendar")
    assert b"Jansen" not in response.content


def test_the_avg_export_has_them_and_retention_empties_their_text(consulent, person):
    from clients.avg import client_export
    from contacts.models import ContactDetails
    from contacts.services import record_contact_details
    from security.retention import anonymise_client

    appointment = plan(person, consulent, participants="tolk Arabisch")
    record_contact_details(client=person, valid_from=TODAY, by=consulent,
                           data={"address_kind": "woonadres", "street": "Kerkstraat",
                                 "house_number": 1, "postcode": "2242 AB",
                                 "city": "Wassenaar", "phone": "+31612345678"})  # fmt: skip
    sections = client_export(person)["gegevens"]
    assert sections["agenda.Appointment"]["rijen"][0]["participants"] == "tolk Arabisch"
    assert sections["contacts.ContactDetails"]["rijen"][0]["street"] == "Kerkstraat"
    anonymise_client(client=person)
    appointment.refresh_from_db()
    details = ContactDetails.objects.get(client=person)
    assert appointment.participants == ""
    assert (details.street, details.postcode, details.phone) == ("", "", "")
