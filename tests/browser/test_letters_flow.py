"""A consulent makes the invitation letter from a template on the client file: the PDF names the
date, place and consulent, and the letter is on the file as a document."""

from __future__ import annotations

import io

from playwright.sync_api import expect
from pypdf import PdfReader

from clients.models import Client
from documents.models import Document
from letters.models import LetterTemplate
from organisations.models import User
from tests.browser.helpers import check_a11y, login


def test_a_consulent_sends_an_invitation_letter(page):
    consulent = User.objects.get(username="consulent.lv")
    person = Client.objects.filter(consulent=consulent).order_by("pk").first()
    login(page, "consulent.lv")
    page.goto(f"/clienten/{person.pk}/")
    page.get_by_role("link", name="Brief maken").first.click()
    check_a11y(page, "letter choose template")

    invitation = LetterTemplate.objects.get(
        organisation=consulent.organisation, code="uitnodiging-afspraak"
    )
    page.get_by_label("Sjabloon").select_option(value=str(invitation.pk))
    page.get_by_label("Datum van de afspraak").fill("2027-01-14")
    page.get_by_label("Tijd van de afspraak").fill("10:30")
    page.get_by_label("Plaats van de afspraak").fill("Stadhuis, loket 3")
    page.get_by_role("button", name="Brief invullen").click()
    expect(page.get_by_label("Tekst")).to_contain_text("14 januari 2027")
    check_a11y(page, "letter check text")
    page.get_by_role("button", name="Brief maken (PDF)").click()
    expect(page.get_by_role("status").first).to_contain_text("De brief is gemaakt")

    letter = Document.objects.filter(client=person).latest("pk")
    with page.expect_download() as download:
        page.get_by_role("link", name=letter.description).first.click()
    text = "".join(
        part.extract_text()
        for part in PdfReader(io.BytesIO(download.value.path().read_bytes())).pages
    )
    for expected in ("14 januari 2027", "10:30", "Stadhuis, loket 3", consulent.get_full_name()):
        assert expected in text, (expected, text)
