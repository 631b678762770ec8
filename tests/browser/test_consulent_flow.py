"""A consulent works a case from start to finish with the keyboard alone: no clicks, no mouse.

Every control is reached by focusing it (as Tab would) and worked with keys: Enter on links and
buttons, typing in fields and for choices in a <select>, Space on a checkbox. A script in the
page records any pointer or mouse event; the test ends by asserting there was none.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from categorisation.models import Assessment
from clients.models import BenefitPeriod, Client, ContactNote, Household
from clients.services import register_client
from core.dates import add_months
from organisations.demo import DEMO_PASSWORD
from organisations.models import Municipality, User
from tests.browser.helpers import check_a11y, message, type_date
from tests.factories import valid_bsn
from trajectories.models import Outcome, Status, Trajectory

NOTE = "Start maandag in de thuiszorg."
RECORD_POINTER = """
for (const type of ["pointerdown", "mousedown", "click", "dblclick", "contextmenu"]) {
  addEventListener(type, (event) => {
    // A click that a key caused has detail 0; a mouse click counts its presses.
    if (type !== "click" || event.detail > 0) window.__opstapPointer(type);
  }, true);
}
"""


@pytest.fixture
def case(seeded) -> Client:
    """A Wassenaar client on bijstand for two years, 38 years old: a participatiebaan fits."""
    today = timezone.localdate()
    return register_client(
        data={
            "bsn": valid_bsn(1_000_001),
            "first_names": "Yasmina",
            "prefix": "",
            "last_name": "Toetsenbord",
            "date_of_birth": date(today.year - 38, 6, 1),
            "municipality": Municipality.objects.get(name="Wassenaar"),
            "household": Household.SINGLE,
        },
        benefit_start=today - timedelta(days=730),
        by=User.objects.get(username="consulent.wassenaar"),
    )


def choose(select: Locator, keys: str, expected: str) -> None:
    """Choose in a closed <select> by typing the start of the option, as a keyboard user does."""
    select.press_sequentially(keys)
    assert select.evaluate("s => s.selectedOptions[0].text").startswith(expected)


def test_consulent_works_a_case_with_the_keyboard_alone(page: Page, case: Client):
    today = timezone.localdate()
    pointer: list[str] = []
    page.expose_function("__opstapPointer", lambda kind: pointer.append(kind))
    page.add_init_script(RECORD_POINTER)

    # Log in: the user name has focus, Tab goes to the password, Enter submits.
    page.goto("/inloggen/")
    check_a11y(page, "consulent 01 login")
    expect(page.get_by_label("Gebruikersnaam")).to_be_focused()
    page.keyboard.type("consulent.wassenaar")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Wachtwoord")).to_be_focused()
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")

    # Vandaag is the start page; from there to the caseload through the menu, by keyboard.
    expect(page.get_by_role("heading", name="Vandaag")).to_be_visible()
    check_a11y(page, "consulent 02 vandaag")
    page.get_by_role("link", name="Mijn caseload").press("Enter")
    expect(page.get_by_role("heading", name="Mijn caseload")).to_be_visible()
    check_a11y(page, "consulent 02 caseload")
    # The first Tab reaches the skip link, which takes the focus past the navigation.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    skip.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # Find the client by BSN, typed as it stands on a letter.
    bsn = f"{case.bsn[:4]}.{case.bsn[4:6]}.{case.bsn[6:]}"
    search = page.get_by_role("textbox", name="Zoeken")
    search.press_sequentially(bsn)
    search.press("Enter")
    expect(page.get_by_text("1 cliënt gevonden")).to_be_visible()
    check_a11y(page, "consulent 03 caseload search by bsn")
    page.get_by_role("link", name="Toetsenbord, Yasmina").press("Enter")
    expect(page.get_by_role("heading", name="Yasmina Toetsenbord")).to_be_visible()
    check_a11y(page, "consulent 04 client file")

    # Categorise as 1B.
    page.get_by_role("link", name="Categoriseren").press("Enter")
    expect(page.get_by_label("Datum beoordeling")).to_have_value(today.isoformat())
    choose(page.get_by_label("Categorie"), "1B", "1B — Bemiddelbaar binnen een jaar")
    page.get_by_label("Geschatte maanden tot plaatsing in werk").press_sequentially("6")
    page.get_by_label("Onderbouwing").press_sequentially("Werkervaring in de zorg.")
    check_a11y(page, "consulent 05 categorise")
    page.get_by_role("button", name="Beoordeling vastleggen").press("Enter")
    expect(message(page)).to_have_text("De beoordeling is vastgelegd: categorie 1B.")

    # Start a participatiebaan today, for six months.
    page.get_by_role("link", name="Traject aanvragen").press("Enter")
    choose(page.get_by_label("Soort traject"), "Participatiebaan", "Participatiebaan (art. 10a)")
    choose(page.get_by_label("Aanbieder"), "Eigen", "Eigen werkcoaches")
    expect(page.get_by_label("Geplande start*", exact=True)).to_have_value(today.isoformat())
    type_date(page.get_by_label("Gepland einde"), add_months(today, 6))
    start_now = page.get_by_label("Direct starten op de geplande startdatum")
    start_now.press("Space")
    expect(start_now).to_be_checked()
    check_a11y(page, "consulent 06 start participatiebaan")
    page.get_by_role("button", name="Traject aanvragen").press("Enter")
    expect(message(page)).to_have_text("Het traject Participatiebaan (art. 10a) is gestart.")

    # Add a note: open the disclosure with Enter, then fill in the form inside it.
    page.locator("summary", has_text="Contactmoment vastleggen").press("Enter")
    note_form = page.locator("details form")
    expect(note_form.get_by_label("Datum")).to_have_value(today.isoformat())
    choose(note_form.get_by_label("Soort contact"), "Telefoon", "Telefoon")
    note_form.get_by_label("Verslag").press_sequentially(NOTE)
    check_a11y(page, "consulent 07 note")
    note_form.get_by_role("button", name="Contactmoment vastleggen").press("Enter")
    expect(message(page)).to_have_text("Het contactmoment is vastgelegd.")

    # End the benefit for work, closing the running trajectory in the same step.
    page.get_by_role("link", name=re.compile("^Beëindigen uitkering vanaf")).press("Enter")
    type_date(page.get_by_label("Einddatum (laatste dag met uitkering)"), today)
    choose(page.get_by_label("Reden beëindiging"), "1", "11 Werk in loondienst")
    close = page.get_by_label("Lopende trajecten (1) afsluiten per de einddatum")
    close.press("ArrowDown")  # from "Niet afsluiten" to the first outcome
    assert close.evaluate("s => s.selectedOptions[0].text") == "Werk voltijd"
    check_a11y(page, "consulent 08 end benefit")
    page.get_by_role("button", name="Uitkering beëindigen").press("Enter")
    expect(message(page)).to_have_text("De uitkering is beëindigd. 1 lopend traject afgesloten.")

    # All of it on the client file.
    day = today.strftime("%d-%m-%Y")
    expect(page.get_by_text("1B", exact=True)).to_be_visible()
    benefit = page.get_by_role("row").filter(has_text="11 Werk in loondienst")
    expect(benefit.get_by_role("cell").nth(2)).to_have_text(day)
    trajectory = page.get_by_role("row").filter(has_text="Participatiebaan (art. 10a)")
    expect(trajectory.get_by_role("cell").nth(2)).to_have_text(f"{day} – {day}")
    expect(trajectory.get_by_role("cell").nth(3)).to_have_text("Afgerond")
    expect(trajectory.get_by_role("cell").nth(4)).to_have_text("Werk voltijd")
    expect(page.locator(".timeline li", has_text=NOTE)).to_contain_text(f"{day} · Telefoon")
    check_a11y(page, "consulent 09 client file after")

    # And in the database.
    assert Assessment.objects.on(today).get(client=case).category.code == "1B"
    ended = Trajectory.objects.get(client=case)
    assert (ended.type.code, ended.status, ended.outcome) == (
        "participatiebaan",
        Status.COMPLETED,
        Outcome.FULL_TIME,
    )
    assert ended.actual_start == ended.actual_end == today
    period = BenefitPeriod.objects.get(client=case)
    assert (period.end, period.end_reason.code) == (today, "11")
    assert ContactNote.objects.filter(client=case, kind="telefoon", text=NOTE).exists()

    assert pointer == [], f"mouse events in a keyboard-only test: {pointer}"
