"""Every page in pages.SWEEP, as the user it lists, passes axe-core's WCAG 2.1 A and AA rules;
so do a few error states, and the caseload import from upload to confirmation. The sweep reports
the violations of all pages at once."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from clients.models import Client
from tests.browser.helpers import a11y_problems, check_a11y, login, visit_each
from tests.browser.pages import SWEEP
from tests.browser.showcase import build_showcase
from tests.factories import valid_bsn

HEADER = "bsn;voornamen;tussenvoegsel;achternaam;geboortedatum;gemeentecode;ingangsdatum;einddatum;reden_einde;consulent"


@pytest.fixture
def showcase(seeded):
    return build_showcase()


def test_every_page_passes_wcag_21_aa(showcase, page):
    visits = [(v.user, v.path(showcase), f"{v.view} {v.user}") for v in SWEEP]
    problems = [a11y_problems(page, f"sweep {name}") for name in visit_each(page, visits)]

    # Error states: the login refused, and forms sent back with their errors.
    page.context.clear_cookies()
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("consulent.lv")
    page.get_by_label("Wachtwoord").fill("niet-het-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Gebruikersnaam of wachtwoord klopt niet")
    problems.append(a11y_problems(page, "sweep error login wrong password"))
    login(page, "consulent.lv")
    for path, button in [
        (f"/clienten/{showcase.client}/ontheffing/nieuw/", "Ontheffing toevoegen"),
        (f"/plannen/{showcase.plan}/acties/nieuw/", "Actie toevoegen"),
    ]:
        page.goto(path)
        page.get_by_role("button", name=button).click()
        expect(page.get_by_text("Dit veld is verplicht.").first).to_be_visible()
        problems.append(a11y_problems(page, f"sweep error {path}"))
    assert not any(problems), "\n\n".join(filter(None, problems))


def _csv(*rows: str) -> dict:
    return {
        "name": "caseload.csv",
        "mimeType": "text/csv",
        "buffer": "\n".join([HEADER, *rows]).encode(),
    }


def test_caseload_import_pages(page):
    new_bsn = valid_bsn(4242)
    row = f"{new_bsn};Piet;;Importeur;1980-02-03;1916;2025-01-01;;;consulent.lv"
    login(page, "consulent.lv")
    page.get_by_role("link", name="Mijn caseload").click()
    page.get_by_role("link", name="Caseload importeren").click()
    check_a11y(page, "import upload")
    upload = page.get_by_label("Caseload-export (CSV of Excel)")
    check = page.get_by_role("button", name="Bestand controleren")

    upload.set_input_files({**_csv(row), "buffer": b"naam;adres\nA;B"})
    check.click()
    expect(page.locator(".invalid-feedback, .errorlist").first).to_be_visible()
    check_a11y(page, "import upload wrong columns")

    upload.set_input_files(_csv(row, "123456789;Jan;;Fout;1980-02-03;1916;2025-01-01;;;"))
    check.click()
    expect(page.get_by_role("alert")).to_contain_text("Er is 1 fout gevonden")
    check_a11y(page, "import report with errors")

    page.get_by_role("link", name="Ander bestand uploaden").click()
    page.get_by_label("Caseload-export (CSV of Excel)").set_input_files(_csv(row))
    page.get_by_role("button", name="Bestand controleren").click()
    confirm = page.get_by_role("button", name="Import bevestigen")
    page.goto(confirm.locator("xpath=ancestor::form").get_attribute("action"))
    check_a11y(page, "import confirm")
    assert not Client.objects.filter(bsn=new_bsn).exists()

    page.get_by_role("button", name="Import bevestigen").click()
    expect(page.get_by_role("status").first).to_contain_text("De caseload is geïmporteerd: 1 nieuw")
    client = Client.objects.get(bsn=new_bsn)
    assert (client.last_name, client.date_of_birth) == ("Importeur", date(1980, 2, 3))


def test_a_large_import_shows_its_progress_until_the_worker_is_done(page, settings, monkeypatch):
    """A file over OPSTAP_IMPORT_BACKGROUND_BYTES goes to the worker (here a thread that starts
    a moment later): the page shows a progress bar, then the report, then the caseload."""
    import threading
    import time

    from django.db import connection

    from clients import tasks
    from clients.importer import background
    from organisations.models import User

    settings.OPSTAP_IMPORT_BACKGROUND_BYTES = 10

    def slow_worker(user_id, token, phase):
        def work():
            time.sleep(1.5)
            user = User.objects.get(pk=user_id)
            background.run_import(user=user, token=token, phase=phase)
            connection.close()

        threading.Thread(target=work).start()

    monkeypatch.setattr(tasks.run_import, "delay", slow_worker)
    new_bsn = valid_bsn(4343)
    login(page, "consulent.lv")
    page.goto("/clienten/import/")
    page.get_by_label("Caseload-export (CSV of Excel)").set_input_files(
        _csv(f"{new_bsn};Grietje;;Groot;1979-03-04;1916;2025-02-01;;;consulent.lv")
    )
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.get_by_role("status")).to_contain_text("Het bestand wacht op verwerking.")
    expect(page.get_by_label("Voortgang")).to_be_visible()
    check_a11y(page, "import progress")

    confirm = page.get_by_role("button", name="Import bevestigen")
    expect(confirm).to_be_visible(timeout=15_000)  # the page reloads itself when done
    confirm.click()
    expect(page.get_by_role("heading", name="Caseload importeren")).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text(
        "De caseload is geïmporteerd: 1 nieuw", timeout=15_000
    )
    assert Client.objects.get(bsn=new_bsn).last_name == "Groot"
