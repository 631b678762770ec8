"""The caseload import takes contact details along in optional columns; a file without them
still imports."""

import pytest
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
from contacts.models import ContactDetails

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
