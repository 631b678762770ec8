"""The caseload import takes contact details along in optional columns; a file without them
still imports."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clients.importer import COLUMNS, import_caseload
from clients.models import Client
from clients.tests.importing import (  # noqa: F401 - fixtures, used by name
    csv_file,
    import_dir,
    line,
    new_bsn,
)
from contacts.importing import COLUMNS as CONTACT_COLUMNS
from contacts.importing import PERSON_COLUMNS
from contacts.models import ContactDetails, ContactPerson

pytestmark = pytest.mark.django_db

HEADER = (*COLUMNS, *CONTACT_COLUMNS)
CONTACT = {
    "straat": "Kerkstraat", "huisnummer": "12", "toevoeging": "a", "postcode": "2242ab",
    "woonplaats": "Wassenaar", "telefoon": "070-1234567", "mobiel": "", "email": "a@b.nl",
    "voorkeur_contact": "email", "tolk_taal": "Arabisch",
}  # fmt: skip


def run(rows, user, header=HEADER):
    return import_caseload(data=csv_file(rows, header=header), user=user, commit=True)


def test_contact_columns_are_taken_along(consulent):
    bsn = new_bsn()
    report = run([line(bsn, **CONTACT)], consulent)
    assert report.imported, report.errors
    row = ContactDetails.objects.get(client__bsn=bsn)
    assert (row.street, row.house_number, row.addition, row.postcode) == (
        "Kerkstraat", 12, "a", "2242 AB",
    )  # fmt: skip
    assert (row.phone, row.preferred_channel, row.interpreter_needed) == (
        "+31701234567", "email", True,
    )  # fmt: skip
    assert row.valid_from == timezone.localdate()


def test_a_file_without_them_still_imports_and_keeps_the_details(consulent):
    bsn = new_bsn()
    run([line(bsn, **CONTACT)], consulent)
    report = run([line(bsn, achternaam="Pietersen")], consulent, header=COLUMNS)
    assert report.imported, report.errors
    assert Client.objects.get(bsn=bsn).last_name == "Pietersen"
    assert ContactDetails.objects.filter(client__bsn=bsn).count() == 1


def test_unchanged_details_write_nothing_and_a_change_is_corrected_the_same_day(consulent):
    bsn = new_bsn()
    run([line(bsn, **CONTACT)], consulent)
    run([line(bsn, **CONTACT)], consulent)
    assert ContactDetails.objects.filter(client__bsn=bsn).count() == 1
    run([line(bsn, **{**CONTACT, "straat": "Dorpsstraat"})], consulent)
    (row,) = ContactDetails.objects.filter(client__bsn=bsn)
    assert row.street == "Dorpsstraat"


def test_bad_contact_data_is_refused_in_dutch_and_nothing_is_imported(consulent):
    bsn = new_bsn()
    bad = {**CONTACT, "postcode": "12AB", "telefoon": "123", "email": "geen", "huisnummer": ""}
    report = run([line(bsn, **bad)], consulent)
    assert not report.imported
    messages = {(e.column, e.message) for e in report.errors}
    columns = {column for column, _m in messages}
    assert {"postcode", "telefoon", "email", "huisnummer"} <= columns
    assert any("geen geldige Nederlandse postcode" in m for _c, m in messages)
    assert not Client.objects.filter(bsn=bsn).exists()


def test_no_fixed_address(consulent):
    bsn = new_bsn()
    report = run([line(bsn, soort_adres="geen_vast_adres", mobiel="0612345678")], consulent)
    assert report.imported, report.errors
    row = ContactDetails.objects.get(client__bsn=bsn)
    assert (row.address_kind, row.street, row.mobile) == ("geen_vast_adres", "", "+31612345678")


PERSON_HEADER = (*COLUMNS, *PERSON_COLUMNS)
PERSON = {
    "contactpersoon_naam": "J. de Vries", "contactpersoon_rol": "Bewindvoerder",
    "contactpersoon_telefoon": "06-12345678", "contactpersoon_email": "bewind@voorbeeld.nl",
}  # fmt: skip


def test_a_contact_person_is_taken_along_and_not_doubled_on_a_second_import(consulent):
    bsn = new_bsn()
    report = run([line(bsn, **PERSON)], consulent, header=PERSON_HEADER)
    assert report.imported, report.errors
    person = ContactPerson.objects.get(client__bsn=bsn)
    assert (person.name, person.role, person.phone, person.email) == (
        "J. de Vries", "bewindvoerder", "+31612345678", "bewind@voorbeeld.nl",
    )  # fmt: skip
    assert (person.start, person.end, person.created_by) == (timezone.localdate(), None, consulent)

    # The same person again, with a new phone number and no e-mail: one row, the new number,
    # the e-mail kept; a mentor beside them is a second contact person.
    moved = {**PERSON, "contactpersoon_naam": "j. de  vries",
             "contactpersoon_telefoon": "070 123 4567", "contactpersoon_email": ""}  # fmt: skip
    report = run([line(bsn, **moved)], consulent, header=PERSON_HEADER)
    assert report.imported, report.errors
    person.refresh_from_db()
    assert (person.phone, person.email) == ("+31701234567", "bewind@voorbeeld.nl")
    run([line(bsn, **{**PERSON, "contactpersoon_rol": "mentor"})], consulent, header=PERSON_HEADER)
    assert sorted(ContactPerson.objects.filter(client__bsn=bsn).values_list("role", flat=True)) == [
        "bewindvoerder", "mentor",
    ]  # fmt: skip


def test_an_empty_contact_person_leaves_the_ones_on_the_file(consulent):
    bsn = new_bsn()
    run([line(bsn, **PERSON)], consulent, header=PERSON_HEADER)
    report = run([line(bsn, achternaam="Pietersen")], consulent, header=PERSON_HEADER)
    assert report.imported, report.errors
    assert ContactPerson.objects.filter(client__bsn=bsn, end__isnull=True).count() == 1


def test_a_bad_contact_person_row_is_refused_in_dutch_and_nothing_is_imported(consulent):
    good, bad = new_bsn(), new_bsn()
    wrong = {"contactpersoon_naam": "", "contactpersoon_rol": "buurman",
             "contactpersoon_telefoon": "12", "contactpersoon_email": "geen-adres"}  # fmt: skip
    report = run([line(good, **PERSON), line(bad, **wrong)], consulent, header=PERSON_HEADER)
    assert not report.imported
    messages = {e.column: (e.row, e.message) for e in report.errors}
    assert messages == {
        "contactpersoon_naam": (3, "Vul de naam van de contactpersoon in."),
        "contactpersoon_rol": (3, "Kies bewindvoerder, mentor, curator, partner of hulpverlener."),
        "contactpersoon_telefoon": (
            3, "Dit is geen geldig telefoonnummer. Bijvoorbeeld 06 12345678 of 070 123 4567.",
        ),
        "contactpersoon_email": (3, "Dit is geen geldig e-mailadres, zoals naam@voorbeeld.nl."),
    }  # fmt: skip
    assert not Client.objects.filter(bsn__in=[good, bad]).exists()
    assert not ContactPerson.objects.exists()


def test_the_contact_persons_of_many_clients_are_written_in_a_fixed_number_of_queries(
    consulent,
):
    """Set-based like the rest of the import: 3 persons or 30, the same queries."""

    def queries(count):
        rows = [line(new_bsn(), **PERSON) for _ in range(count)]
        with CaptureQueriesContext(connection) as captured:
            report = run(rows, consulent, header=PERSON_HEADER)
        assert report.imported, report.errors
        return len(captured)

    assert queries(3) == queries(30)
    assert ContactPerson.objects.count() == 33
