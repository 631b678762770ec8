"""Letters from templates: the sandbox, the masked BSN, the PDF on the file, the page."""

from __future__ import annotations

import io
from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from clients.models import AccessAction, AccessLog
from documents.models import Document
from letters import services
from letters.models import Letter, LetterTemplate
from letters.pdf import LetterheadOnlyFetcher, RefusedURL
from letters.seed import seed_templates
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(consulent, wassenaar):
    return ClientFactory(municipality=wassenaar, consulent=consulent, bsn="111222333")


@pytest.fixture
def templates(organisation):
    seed_templates(LetterTemplate, organisation.pk)
    return LetterTemplate.objects.filter(organisation=organisation)


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_five_templates_are_seeded(templates):
    assert set(templates.values_list("code", flat=True)) == {
        "uitnodiging-afspraak", "plan-ondertekening", "bevestiging-afspraken", "besluit-ontheffing",
        "besluit-maatregel",
    }  # fmt: skip


def test_an_invitation_is_filled_in_with_extra_context(templates, person, consulent):
    template = templates.get(code="uitnodiging-afspraak")
    rendered = services.render_letter(
        template=template, client=person, by=consulent,
        extra={"datum": date(2026, 12, 3), "tijd": "10:30", "plaats": "Stadhuis <Wassenaar>"},
    )  # fmt: skip
    assert "3 december 2026" in rendered.body
    assert "Stadhuis <Wassenaar>" in rendered.body  # plain text; escaped again in the PDF
    assert person.full_name in rendered.body


def test_the_bsn_is_masked_unless_the_template_asks(templates, person, consulent):
    template = templates.get(code="bevestiging-afspraken")
    template.body = "BSN {{ client.bsn }}"
    template.save()
    assert services.render_letter(template=template, client=person, by=consulent).body == (
        "BSN ******333"
    )
    template.shows_full_bsn = True
    template.save()
    assert (
        "111222333" in services.render_letter(template=template, client=person, by=consulent).body
    )


@pytest.mark.parametrize(
    "source",
    [
        "{% load static %}{% static 'x' %}",
        "{% include 'base.html' %}",
        "{% extends 'base.html' %}",
        "{% debug %}",
        "{% if %}",
    ],
)
def test_unsafe_or_broken_templates_are_refused(templates, source):
    template = templates.first()
    template.body = source
    with pytest.raises(ValidationError, match="kan niet gebruikt worden"):
        template.full_clean()


def test_a_template_reaches_no_model_or_setting(templates, person, consulent):
    template = templates.first()
    template.body = (
        "{{ client.municipality.organisation }}{{ settings.SECRET_KEY }}{{ client.save }}"
    )
    assert services.render_letter(template=template, client=person, by=consulent).body == ""


def test_the_letter_is_a_tagged_pdf_on_the_file(templates, person, consulent):
    letter = services.send_letter_from_template(
        client=person, code="uitnodiging-afspraak", by=consulent, on=date(2026, 11, 30),
        extra={"datum": date(2026, 12, 3), "tijd": time(10, 30).strftime("%H:%M"), "plaats": "Kantoor Wassenaar"},
    )  # fmt: skip
    document = letter.document
    assert document.kind.code == "brief"
    assert document.file_type == "pdf"
    pdf = document.file.open("rb").read()
    reader = PdfReader(io.BytesIO(pdf))
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged
    text = _text(pdf)
    for expected in ("3 december 2026", "10:30", "Kantoor Wassenaar", "30 november 2026",
                     consulent.get_full_name()):  # fmt: skip
        assert expected in text
    assert "111222333" not in text
    assert AccessLog.objects.filter(client=person, action=AccessAction.CREATE).count() == 2


def test_another_organisations_template_is_refused(templates, person, consulent, organisation):
    from tests.factories import OrganisationFactory

    other = OrganisationFactory(name="Elders")
    seed_templates(LetterTemplate, other.pk)
    foreign = LetterTemplate.objects.filter(organisation=other).first()
    with pytest.raises(ValidationError):
        services.render_letter(template=foreign, client=person, by=consulent)


@pytest.mark.parametrize(
    "url", ["https://example.org/x.css", "file:///etc/passwd", "data:text/css,body{}"]
)
def test_the_pdf_fetches_nothing_but_the_letterhead(url):
    with pytest.raises(RefusedURL):
        LetterheadOnlyFetcher().fetch(url)


def test_the_page_makes_the_letter(consulent_client, templates, person):
    template = templates.get(code="uitnodiging-afspraak")
    url = f"/brieven/clienten/{person.pk}/nieuw/"
    response = consulent_client.get(
        url, {"sjabloon": template.pk, "datum": "2026-12-03", "tijd": "10:30", "plaats": "Kantoor"}
    )
    assert response.status_code == 200
    assert "3 december 2026" in response.content.decode()
    response = consulent_client.post(
        url, {"template": template.pk, "subject": "Uitnodiging", "body": "Komt u op 3 december?"}
    )
    assert response.status_code == 302
    assert Letter.objects.get(client=person).document.description == "Uitnodiging"
    assert Document.objects.filter(client=person).count() == 1


def test_the_page_is_404_outside_scope(client, consulent_voorschoten, templates, person):
    client.force_login(consulent_voorschoten)
    assert client.get(f"/brieven/clienten/{person.pk}/nieuw/").status_code == 404
