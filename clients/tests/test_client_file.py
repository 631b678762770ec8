"""Issue 20, the client file as a consulent opens it fifty times a day: the summary at the top,
the skip links ("Op deze pagina"), the newest of the timeline on the file, and a query count
that stays flat as the file grows."""

import re
from datetime import date, time, timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agenda import services as agenda
from agenda.models import AppointmentKind
from clients.models import AccessAction, AccessLog, ContactKind, OntheffingReason
from clients.services import add_note, add_ontheffing, withdraw_note
from clients.templatetags.clients_tags import age_on, nowrap_dates
from core.formatting import day
from deadlines.registry import get_kind
from deadlines.tests.helpers import on_benefit
from plans.tests.helpers import categorise, established
from tests.factories import ClientFactory
from trajectories.tests.helpers import kind, run

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _file(browser, person) -> str:
    response = browser.get(reverse("clients:client_detail", args=[person.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _text(html: str) -> str:
    """As read: inline tags join their text, other tags separate it."""
    inline = re.sub(r"</?(?:span|a|strong|del|em)\b[^>]*>", "", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def summary(html: str) -> dict[str, str]:
    """The summary's lines as {label: value}, as a reader sees them."""
    block = html.split('aria-labelledby="h-samenvatting"', 1)[1].split("</section>", 1)[0]
    pairs = re.findall(r"<dt[^>]*>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", block, re.S)
    return {_text(label): _text(value) for label, value in pairs}


def skip_links(html: str) -> list[tuple[str, str]]:
    block = html.split('aria-label="Op deze pagina"', 1)[1].split("</nav>", 1)[0]
    return [
        (anchor, _text(title)) for anchor, title in re.findall(r'href="#([^"]+)">(.*?)</a>', block)
    ]


def test_the_header_says_who_with_age_number_municipality_and_consulent(
    consulent_client, consulent, wassenaar
):
    consulent.first_name, consulent.last_name = "Carla", "Consulent"
    consulent.save()
    person = ClientFactory(
        municipality=wassenaar, consulent=consulent, date_of_birth=date(1990, 3, 4)
    )
    text = _text(_file(consulent_client, person))
    assert (
        f"{person.full_name} {age_on(person, TODAY)} jaar · cliëntnummer {person.pk} · Wassenaar · "
        "consulent: Carla Consulent"
    ) in text


def test_the_summary_of_a_client_with_nothing_yet_says_so(consulent_client, consulent, wassenaar):
    person = ClientFactory(municipality=wassenaar, consulent=consulent)
    assert summary(_file(consulent_client, person)) == {
        "Volgend signaal": "geen",
        "Categorie": "let op nog niet gecategoriseerd",
        "Volgende afspraak": "geen gepland",
        "Plan van aanpak": "geen vastgesteld plan",
        "Lopende trajecten": "geen",
    }


def test_the_summary_shows_category_plan_trajectories_signal_and_appointment(
    consulent_client, consulent, wassenaar
):
    person = on_benefit(wassenaar, start=TODAY - timedelta(days=400), consulent=consulent)
    assessment = categorise(person, "2A", TODAY - timedelta(days=60), consulent)
    plan = established(person, consulent, TODAY - timedelta(days=30))
    trajectory = run(
        person, "jobcoach", TODAY - timedelta(days=20), TODAY + timedelta(days=100), consulent
    )
    appointment = agenda.plan_appointment(
        client=person,
        consulent=consulent,
        kind=AppointmentKind.objects.get(code="voortgangsgesprek"),
        day=TODAY + timedelta(days=3),
        start=time(10),
        end=time(11),
        place="kantoor",
        by=consulent,
    )
    html = _file(consulent_client, person)
    lines = summary(html)
    category = assessment.category
    assert lines["Categorie en eenheid"].startswith(
        f"{category.code} {category.name} · {category.unit}; herbeoordeling uiterlijk "
    )
    assert lines["Plan van aanpak"] == (
        f"let op versie {plan.version}, vastgesteld per {day(plan.valid_from)}; 1 open actie, 1 over de datum"
    )
    assert (
        lines["Lopende trajecten"] == f"{kind('jobcoach').name} tot {day(trajectory.planned_end)}"
    )
    assert (
        lines["Volgende afspraak"] == f"{day(appointment.date)} 10:00, voortgangsgesprek (kantoor)"
    )
    # The taaleis was never assessed: the taaltoets signal is long overdue, and there are more.
    taaltoets = get_kind("taaltoets")
    assert lines["Volgend signaal"].startswith(f"let op {taaltoets.label}, uiterlijk ")
    assert "dagen te laat" in lines["Volgend signaal"]
    # Each line leads to its section or to the work: the plan's heading, the appointment.
    assert 'href="#h-plan"' in html
    assert f'href="{reverse("agenda:appointment_detail", args=[appointment.pk])}"' in html


def test_every_skip_link_points_at_a_heading_on_the_page_and_no_id_is_used_twice(
    consulent_client, consulent, wassenaar
):
    person = on_benefit(wassenaar, consulent=consulent)
    categorise(person, "2A", TODAY - timedelta(days=60), consulent)
    html = _file(consulent_client, person)
    links = skip_links(html)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for anchor, _title in links:
        assert anchor in ids, anchor
    titles = [title for _anchor, title in links]
    # The contact form first: the top of the page is a few tabs from it.
    assert titles[0] == "Contactmoment vastleggen"
    for title in (
        "Persoonsgegevens",
        "Tijdlijn",
        "Categorie",
        "Afspraken",
        "Plan van aanpak",
        "Trajecten",
        "Contactmomenten",
    ):
        assert title in titles, title
    # A section that shows no heading (no vier-ogen requests) has no link.
    assert "Vier-ogen" not in titles


def test_the_file_shows_the_newest_ten_of_the_timeline_with_a_link_to_all(
    consulent_client, consulent, wassenaar
):
    person = ClientFactory(municipality=wassenaar, consulent=consulent)
    for number in range(12):
        add_note(
            client=person,
            on=date(2025, 1, 1) + timedelta(days=number),
            kind=ContactKind.PHONE,
            text=f"Gesprek nummer {number:02d}",
            by=consulent,
        )
    html = _file(consulent_client, person)
    section = html.split('id="h-tijdlijn"', 1)[1].split("</section>", 1)[0]
    assert "Gesprek nummer 11" in section
    assert "Gesprek nummer 02" in section
    assert "Gesprek nummer 01" not in section  # the eleventh newest is on the timeline page
    assert section.index("Gesprek nummer 11") < section.index("Gesprek nummer 10")
    assert reverse("clients:client_timeline", args=[person.pk]) in section
    timeline = consulent_client.get(reverse("clients:client_timeline", args=[person.pk]))
    assert "Gesprek nummer 01" in timeline.content.decode()


def test_the_timeline_on_the_file_takes_notes_periods_and_ontheffingen_from_the_file(
    consulent_client, consulent, wassenaar
):
    """The file reads them anyway (it shows them): its timeline does not read them again, and
    leaves out what is withdrawn there, as the timeline page does."""
    person = on_benefit(wassenaar, start=date(2025, 1, 1), consulent=consulent)
    add_note(
        client=person, on=date(2025, 3, 1), kind=ContactKind.PHONE, text="Gebeld", by=consulent
    )
    wrong = add_note(
        client=person, on=date(2025, 3, 2), kind=ContactKind.PHONE, text="Vergissing", by=consulent
    )
    withdraw_note(note=wrong, reason="Verkeerde cliënt", by=consulent)
    add_ontheffing(client=person, reason=OntheffingReason.MEDICAL, start=date(2025, 2, 1),
                   end=None, remark="", by=consulent)  # fmt: skip
    with CaptureQueriesContext(connection) as captured:
        html = _file(consulent_client, person)
    for table in ("clients_contactnote", "clients_benefitperiod", "clients_ontheffing"):
        reads = [q for q in captured if re.search(rf'(^|; )SELECT "{table}"\."id"', q["sql"])]
        assert len(reads) == 1, (table, [q["sql"][:120] for q in reads])
    section = _text(html.split('id="h-tijdlijn"', 1)[1].split("</section>", 1)[0])
    timeline = _text(consulent_client.get(
        reverse("clients:client_timeline", args=[person.pk])).content.decode()
    )  # fmt: skip
    for shown in ("Gebeld", "Uitkering gestart (Wassenaar)", "Ontheffing: medische redenen"):
        assert shown in section, shown
        assert shown in timeline, shown
    assert "Vergissing" not in section
    assert "Vergissing" not in timeline


def test_the_file_still_writes_the_access_log(consulent_client, consulent, wassenaar):
    person = ClientFactory(municipality=wassenaar, consulent=consulent)
    _file(consulent_client, person)
    assert (
        AccessLog.objects.filter(client=person, user=consulent, action=AccessAction.VIEW).count()
        == 1
    )


def _queries(browser, person) -> int:
    with CaptureQueriesContext(connection) as captured:
        _file(browser, person)
    return len(captured)


# Session, user, permissions, the client (scoped, in one query) with its periods, ontheffingen
# and notes, the access log; each section's fixed few; the signals (3); and one or two per other
# app's timeline source (the file's own notes, periods and ontheffingen are not read again).
# 40 before the timeline took those from the file and the client was read once (36 now).
FILE_QUERIES = 36


def test_the_file_costs_the_same_queries_for_a_short_or_a_long_file(
    consulent_client, consulent, wassenaar
):
    short = on_benefit(wassenaar, consulent=consulent)
    long = on_benefit(wassenaar, start=TODAY - timedelta(days=800), consulent=consulent)
    for person in (short, long):
        categorise(person, "2A", TODAY - timedelta(days=60), consulent)
    # One of each on the short file, so that no prefetch is skipped for having nothing to read.
    run(short, "jobcoach", TODAY - timedelta(days=30), TODAY + timedelta(days=60), consulent)
    add_note(client=short, on=TODAY, kind=ContactKind.PHONE, text="Gebeld", by=consulent)
    for number in range(25):
        add_note(
            client=long,
            on=TODAY - timedelta(days=number),
            kind=ContactKind.PHONE,
            text=f"{number}",
            by=consulent,
        )
        agenda.plan_appointment(
            client=long,
            consulent=consulent,
            kind=AppointmentKind.objects.get(code="voortgangsgesprek"),
            day=TODAY + timedelta(days=number + 1),
            start=time(9),
            end=time(10),
            place="kantoor",
            by=consulent,
        )
    for code in ("jobcoach", "scholing", "map", "digivaardigheid"):  # with their premiums
        run(long, code, TODAY - timedelta(days=30), TODAY + timedelta(days=60), consulent)
    _queries(consulent_client, short)  # warm up the session and content types
    few = _queries(consulent_client, short)
    assert _queries(consulent_client, long) == few
    assert few <= FILE_QUERIES


def test_a_summary_value_is_escaped_and_keeps_its_dates_on_one_line():
    assert nowrap_dates("<b>Jobcoach</b> tot 01-08-2025") == (
        '&lt;b&gt;Jobcoach&lt;/b&gt; tot <span class="text-nowrap">01-08-2025</span>'
    )
