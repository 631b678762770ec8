"""Maatregelen (issue 19): gedraging → horen → besluit volgens de verordening (dated data,
heavier on a repeat within 12 months), four-eyes, or afzien; on the file and in the AVG export."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from approvals.models import ApprovalRequest, ApprovalRule
from approvals.services import approve_request
from clients.avg import client_export
from measures import services
from measures.models import GedragingKind, MaatregelRule
from organisations.roles import CONSULENT, MANAGER
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def person(wassenaar, consulent):
    return ClientFactory(municipality=wassenaar, consulent=consulent)


@pytest.fixture
def teamleider(organisation, wassenaar):
    return UserFactory(organisation=organisation, roles=[CONSULENT, MANAGER], scope=[wassenaar])


def no_show():
    return GedragingKind.objects.get(code="niet_verschenen")


def heard(person, consulent, on=TODAY - timedelta(days=20)):
    m = services.record_gedraging(client=person, kind=no_show(), on=on,
                                  description="Niet op gesprek", by=consulent)  # fmt: skip
    services.plan_hearing(maatregel=m, on=on + timedelta(days=5), by=consulent)
    return services.record_hearing(maatregel=m, on=on + timedelta(days=5),
                                   statement="Vergeten", by=consulent)  # fmt: skip


def test_from_gedraging_to_an_approved_decision(person, consulent, teamleider):
    m = heard(person, consulent)
    assert m.status == "gehoord"
    m = services.propose_decision(maatregel=m, starts_on=TODAY, by=consulent)
    assert m.status == "ter_goedkeuring"  # every maatregel is four-eyes by default
    request = ApprovalRequest.objects.get(kind="maatregel")
    assert "10% van de norm gedurende 1 maand vanaf" in request.summary
    approve_request(request=request, reason="Akkoord", by=teamleider)
    m.refresh_from_db()
    assert (m.status, m.percentage, m.months, m.starts_on) == (
        "opgelegd",
        Decimal("10.00"),
        1,
        TODAY,
    )


def test_a_repeat_within_twelve_months_weighs_heavier(person, consulent, organisation):
    ApprovalRule.objects.create(organisation=organisation, kind="maatregel", required=False)
    first = heard(person, consulent, on=TODAY - timedelta(days=200))
    services.propose_decision(maatregel=first, starts_on=TODAY - timedelta(days=150), by=consulent)
    second = services.propose_decision(maatregel=heard(person, consulent), starts_on=TODAY,
                                       by=consulent)  # fmt: skip
    assert (second.status, second.repeat, second.percentage) == ("opgelegd", True, Decimal("20.00"))


def test_the_verordening_is_dated_data(person, consulent, organisation):
    ApprovalRule.objects.create(organisation=organisation, kind="maatregel", required=False)
    MaatregelRule.objects.create(organisation=organisation, valid_from=TODAY, category=1,
                                 percentage=Decimal(5), months=2, repeat_percentage=Decimal(15),
                                 repeat_months=3)  # fmt: skip
    early = heard(person, consulent, on=TODAY - timedelta(days=40))
    assert services.terms_for(early, TODAY - timedelta(days=1))[:2] == (Decimal("10.00"), 1)
    assert services.terms_for(early, TODAY)[:2] == (Decimal(5), 2)


def test_afzien_needs_a_ground_and_an_explanation(person, consulent):
    m = services.record_gedraging(client=person, kind=no_show(), on=TODAY,
                                  description="Niet verschenen", by=consulent)  # fmt: skip
    with pytest.raises(ValidationError):
        services.waive(maatregel=m, waiver="", explanation="x", by=consulent)
    m = services.waive(maatregel=m, waiver="geen_verwijtbaarheid", explanation="Ziek",
                       by=consulent)  # fmt: skip
    assert m.status == "afgezien"
    with pytest.raises(ValidationError):
        services.plan_hearing(maatregel=m, on=TODAY, by=consulent)


def test_a_gedraging_cannot_lie_in_the_future(person, consulent):
    with pytest.raises(ValidationError):
        services.record_gedraging(client=person, kind=no_show(), on=TODAY + timedelta(days=1),
                                  description="x", by=consulent)  # fmt: skip


def test_on_the_file_in_the_avg_export_and_scoped(
    consulent_client, person, consulent, consulent_voorschoten, client
):
    m = heard(person, consulent)
    page = consulent_client.get(reverse("clients:client_detail", args=[person.pk]))
    assert "Niet verschenen op een afspraak" in page.content.decode()
    export = client_export(person)
    assert export["gegevens"]["measures.Maatregel"]["rijen"][0]["client_statement"] == "Vergeten"
    detail = consulent_client.get(reverse("measures:maatregel_detail", args=[m.pk]))
    assert detail.status_code == 200
    client.force_login(consulent_voorschoten)
    assert client.get(reverse("measures:maatregel_detail", args=[m.pk])).status_code == 404


def test_the_steps_in_the_browser(consulent_client, person, consulent):
    response = consulent_client.get(reverse("measures:maatregel_create", args=[person.pk]))
    assert response.status_code == 200
    m = services.record_gedraging(client=person, kind=no_show(), on=TODAY - timedelta(days=3),
                                  description="Niet verschenen", by=consulent)  # fmt: skip
    url = reverse("measures:maatregel_detail", args=[m.pk])
    consulent_client.post(url, {"step": "horen", "on": TODAY.isoformat(), "statement": "Ziek"})
    m.refresh_from_db()
    assert m.status == "gehoord"
    consulent_client.post(url, {"step": "besluit", "on": TODAY.isoformat()})
    m.refresh_from_db()
    assert m.status == "ter_goedkeuring"
    assert ApprovalRequest.objects.filter(kind="maatregel", client=person).exists()


def test_the_decision_letter_is_made_where_the_organisation_has_a_template(
    person, consulent, organisation
):
    from letters.models import LetterTemplate

    ApprovalRule.objects.create(organisation=organisation, kind="maatregel", required=False)
    without = services.propose_decision(maatregel=heard(person, consulent), starts_on=TODAY,
                                        by=consulent)  # fmt: skip
    assert without.letter is None  # no template: no letter, nothing fails
    LetterTemplate.objects.create(
        organisation=organisation, code="besluit-maatregel", name="Besluit maatregel",
        valid_from=TODAY - timedelta(days=1), subject="Besluit over een maatregel",
        body="Wij verlagen uw uitkering met {{ extra.percentage }} gedurende {{ extra.duur }} "
        "vanaf {{ extra.ingangsdatum }} ({{ extra.gedraging }}).",
    )  # fmt: skip
    other = ClientFactory(municipality=person.municipality, consulent=consulent)
    imposed = services.propose_decision(maatregel=heard(other, consulent), starts_on=TODAY,
                                        by=consulent)  # fmt: skip
    assert imposed.letter is not None
    assert "10% gedurende 1 maand vanaf" in imposed.letter.body


def _pdf_text(letter) -> str:
    import io

    from pypdf import PdfReader

    pdf = letter.document.file.open("rb").read()
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_approved_decision_produces_the_seeded_letter_in_dutch(
    person, consulent, teamleider, organisation
):
    from datetime import date

    from letters.models import Letter, LetterTemplate
    from letters.seed import seed_templates

    seed_templates(LetterTemplate, organisation.pk)  # what migration 0003 and seed_demo do
    m = services.propose_decision(maatregel=heard(person, consulent), starts_on=date(2026, 12, 1),
                                  by=consulent)  # fmt: skip
    assert not Letter.objects.filter(client=person).exists()  # nothing sent before approval
    approve_request(request=ApprovalRequest.objects.get(client=person), reason="Akkoord",
                    by=teamleider)  # fmt: skip
    letter = Letter.objects.get(client=person)
    m.refresh_from_db()
    assert m.letter == letter
    assert letter.template.code == "besluit-maatregel"
    text = " ".join(_pdf_text(letter).split())
    assert "Besluit: verlaging van uw uitkering" in text
    assert "met 10% van de bijstandsnorm, gedurende 1 maand" in text
    assert "van 1 december 2026 tot en met 31 december 2026" in text
    assert "niet verschenen op een afspraak" in text
    assert "bezwaar" in text
    page = str(m.terms_label)
    assert page == "10% van de norm gedurende 1 maand, van 01-12-2026 tot en met 31-12-2026"


def test_a_repeat_letter_names_the_heavier_terms(person, consulent, organisation):
    from datetime import date

    from letters.models import LetterTemplate
    from letters.seed import seed_templates

    seed_templates(LetterTemplate, organisation.pk)
    ApprovalRule.objects.create(organisation=organisation, kind="maatregel", required=False)
    MaatregelRule.objects.create(organisation=organisation, valid_from=date(2026, 1, 1), category=1,
                                 percentage=Decimal("12.5"), months=1,
                                 repeat_percentage=Decimal(25), repeat_months=3)  # fmt: skip
    first = heard(person, consulent, on=TODAY - timedelta(days=200))
    services.propose_decision(maatregel=first, starts_on=date(2026, 6, 1), by=consulent)
    second = services.propose_decision(maatregel=heard(person, consulent),
                                       starts_on=date(2026, 12, 1), by=consulent)  # fmt: skip
    assert first.__class__.objects.get(pk=first.pk).letter.body.count("12,5%") == 1
    body = " ".join(second.letter.body.split())
    assert "met 25% van de bijstandsnorm, gedurende 3 maanden" in body
    assert "van 1 december 2026 tot en met 28 februari 2027" in body
    assert "daarom is de verlaging zwaarder" in body


def test_a_no_show_offers_a_maatregel_prefilled_with_its_date(consulent_client, person, consulent):
    from datetime import time

    from agenda import services as agenda
    from agenda.models import AppointmentKind
    from measures.models import Maatregel

    appointment = agenda.plan_appointment(
        client=person, consulent=consulent, day=TODAY, start=time(10), end=time(11),
        kind=AppointmentKind.objects.get(code="voortgangsgesprek"), place="kantoor", by=consulent,
    )  # fmt: skip
    detail = reverse("agenda:appointment_detail", args=[appointment.pk])
    link = reverse("measures:maatregel_create", args=[person.pk]) + f"?afspraak={appointment.pk}"
    assert link not in consulent_client.get(detail).content.decode()  # planned: no offer
    agenda.mark_no_show(appointment=appointment, with_notice=False, by=consulent)
    assert link in consulent_client.get(detail).content.decode()
    file = consulent_client.get(reverse("clients:client_detail", args=[person.pk]))
    assert link in file.content.decode()
    assert not Maatregel.objects.exists()  # offered, not started

    form = consulent_client.get(link).content.decode()
    assert f'value="{TODAY.isoformat()}"' in form
    assert f'<option value="{no_show().pk}" selected>' in form
    assert f'<option value="{appointment.pk}" selected>' in form
    assert f"Niet verschenen op voortgangsgesprek van {TODAY:%d-%m-%Y} om 10:00" in form
    response = consulent_client.post(
        link,
        {"kind": no_show().pk, "gedraging_on": TODAY.isoformat(), "appointment": appointment.pk,
         "description": "Niet verschenen zonder bericht."},
    )  # fmt: skip
    assert response.status_code == 302
    m = Maatregel.objects.get()
    assert (m.kind, m.gedraging_on, m.appointment) == (no_show(), TODAY, appointment)
    # The same appointment once only; another client's appointment is not prefilled.
    appointment.refresh_from_db()
    with pytest.raises(ValidationError, match="al een gedraging"):
        services.record_gedraging(client=person, kind=no_show(), on=TODAY, description="x",
                                  by=consulent, appointment=appointment)  # fmt: skip
    other = ClientFactory(municipality=person.municipality, consulent=consulent)
    elsewhere = reverse("measures:maatregel_create", args=[other.pk])
    form = consulent_client.get(f"{elsewhere}?afspraak={appointment.pk}").content.decode()
    assert "Niet verschenen op voortgangsgesprek" not in form
    assert f'<option value="{no_show().pk}" selected>' not in form
