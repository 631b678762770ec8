"""The contact columns of the caseload import (clients.extensions.import_columns): optional, so
an existing file still imports. A client's contact details change only when the file differs
from those in force: then a new row from the day of the import (or the same day's row is
corrected), in bulk, a few queries per 2,000 clients. A contact person (one per row) is added
from the day of the import unless the client has them already (same role and name, not ended);
then the file's phone number and e-mail are taken over where it gives them. The import never
ends a contact person: that is done on the file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from clients.extensions import ImportColumns
from contacts.models import AddressKind, Channel, ContactDetails, ContactPerson, Role
from core.contact import normalise_phone, normalise_postcode, validate_email

COLUMNS = (
    "soort_adres", "straat", "huisnummer", "toevoeging", "postcode", "woonplaats",
    "telefoon", "mobiel", "email", "voorkeur_contact", "tolk_taal",
)  # fmt: skip
FIELDS = {
    "soort_adres": "address_kind", "straat": "street", "huisnummer": "house_number",
    "toevoeging": "addition", "postcode": "postcode", "woonplaats": "city", "telefoon": "phone",
    "mobiel": "mobile", "email": "email", "voorkeur_contact": "preferred_channel",
}  # fmt: skip
COMPARED = (*FIELDS.values(), "interpreter_needed", "interpreter_language")
CHUNK = 2000


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _email(value: str) -> str:
    validate_email(value)
    return value


def _clean_cell(cells, column, clean, data, field, problems) -> None:
    """A filled cell through `clean` (a normaliser that raises ValidationError) into data."""
    if cells[column]:
        try:
            data[field] = clean(cells[column])
        except ValidationError as error:
            problems.append((column, error.messages[0]))


def check(values: dict) -> tuple[dict, list[tuple[str, str]]]:
    cells = {name: _text(values.get(name)) for name in COLUMNS}
    if not any(cells.values()):
        return {}, []  # no contact data in this row: the details in force stay
    problems: list[tuple[str, str]] = []
    data = {field: cells[column] for column, field in FIELDS.items()}
    kind = cells["soort_adres"] or AddressKind.HOME
    if kind not in AddressKind.values:
        problems.append(("soort_adres", _("Kies woonadres, briefadres of geen_vast_adres.")))
    data["address_kind"] = kind
    channel = cells["voorkeur_contact"] or Channel.LETTER
    if channel not in Channel.values:
        problems.append(("voorkeur_contact", _("Kies post, email, telefoon of persoonlijk.")))
    data["preferred_channel"] = channel
    if kind == AddressKind.NONE:
        for column in ("straat", "huisnummer", "toevoeging", "postcode", "woonplaats"):
            data[FIELDS[column]] = ""
        data["house_number"] = None
    else:
        for column in ("straat", "huisnummer", "postcode", "woonplaats"):
            if not cells[column]:
                problems.append((column, _("Vul dit in, of zet soort_adres op geen_vast_adres.")))
        if cells["huisnummer"]:
            if cells["huisnummer"].isdigit() and int(cells["huisnummer"]) > 0:
                data["house_number"] = int(cells["huisnummer"])
            else:
                problems.append(
                    ("huisnummer", _("Een huisnummer is een getal; de toevoeging apart."))
                )
        else:
            data["house_number"] = None
    for column, clean in (("postcode", normalise_postcode), ("telefoon", normalise_phone),
                          ("mobiel", normalise_phone), ("email", _email)):  # fmt: skip
        _clean_cell(cells, column, clean, data, FIELDS[column], problems)
    data["interpreter_needed"] = bool(cells["tolk_taal"])
    data["interpreter_language"] = cells["tolk_taal"]
    return data, problems


def _chunks(cleaned: dict[int, dict]) -> Iterator[list[int]]:
    """The client ids in chunks of CHUNK: a few queries per chunk, whatever the file's size."""
    ids = list(cleaned)
    for offset in range(0, len(ids), CHUNK):
        yield ids[offset : offset + CHUNK]


def write(cleaned: dict[int, dict], user, today: date) -> int:
    """New rows from `today` for the clients whose details differ from those in force."""
    written = 0
    for chunk in _chunks(cleaned):
        current = {
            row.client_id: row
            for row in ContactDetails.objects.filter(client_id__in=chunk).on(today)
        }
        later = set(
            ContactDetails.objects.filter(client_id__in=chunk, valid_from__gt=today).values_list(
                "client_id", flat=True
            )
        )
        new, same_day, ended = [], [], []
        for client_id in chunk:
            data = cleaned[client_id]
            row = current.get(client_id)
            if client_id in later:
                continue  # details already planned after today: left for the consulent
            if row is not None and all(getattr(row, f) == data[f] for f in COMPARED):
                continue
            if row is not None and row.valid_from == today:
                for field in COMPARED:
                    setattr(row, field, data[field])
                same_day.append(row)
                continue
            if row is not None:
                row.valid_until = today
                ended.append(row)
            new.append(
                ContactDetails(client_id=client_id, valid_from=today, recorded_by=user, **data)
            )
        ContactDetails.objects.bulk_update(ended, ["valid_until"])
        ContactDetails.objects.bulk_update(same_day, list(COMPARED))
        ContactDetails.objects.bulk_create(new)
        written += len(new) + len(same_day)
    return written


IMPORT_COLUMNS = ImportColumns(COLUMNS, check, write)


PERSON_COLUMNS = (
    "contactpersoon_naam", "contactpersoon_rol", "contactpersoon_telefoon", "contactpersoon_email",
)  # fmt: skip
PERSON_UPDATED = ("phone", "email")
NAME_MAX = ContactPerson._meta.get_field("name").max_length


def check_person(values: dict) -> tuple[dict, list[tuple[str, str]]]:
    cells = {name: _text(values.get(name)) for name in PERSON_COLUMNS}
    if not any(cells.values()):
        return {}, []  # no contact person in this row
    problems: list[tuple[str, str]] = []
    name, role = cells["contactpersoon_naam"], cells["contactpersoon_rol"].lower()
    if not name:
        problems.append(("contactpersoon_naam", _("Vul de naam van de contactpersoon in.")))
    elif len(name) > NAME_MAX:
        problems.append(
            ("contactpersoon_naam", _("Een naam is hoogstens %(max)s tekens.") % {"max": NAME_MAX})
        )
    if role not in Role.values:
        problems.append(
            (
                "contactpersoon_rol",
                _("Kies bewindvoerder, mentor, curator, partner of hulpverlener."),
            )
        )
    data = {"name": name, "role": role, "phone": "", "email": ""}
    _clean_cell(cells, "contactpersoon_telefoon", normalise_phone, data, "phone", problems)
    _clean_cell(cells, "contactpersoon_email", _email, data, "email", problems)
    return data, problems


def _person_key(client_id: int, role: str, name: str) -> tuple[int, str, str]:
    return client_id, role, " ".join(name.casefold().split())


def write_person(cleaned: dict[int, dict], user, today: date) -> int:
    """A new contact person from `today`, or the phone and e-mail of the one the client has."""
    written = 0
    for chunk in _chunks(cleaned):
        known = {
            _person_key(person.client_id, person.role, person.name): person
            for person in ContactPerson.objects.filter(client_id__in=chunk).current(today)
        }
        new, changed = [], []
        for client_id in chunk:
            data = cleaned[client_id]
            person = known.get(_person_key(client_id, data["role"], data["name"]))
            if person is None:
                new.append(ContactPerson(client_id=client_id, start=today, created_by=user, **data))
                continue
            given = {field: data[field] for field in PERSON_UPDATED if data[field]}
            if any(getattr(person, field) != value for field, value in given.items()):
                for field, value in given.items():
                    setattr(person, field, value)
                changed.append(person)
        ContactPerson.objects.bulk_update(changed, list(PERSON_UPDATED))
        ContactPerson.objects.bulk_create(new)
        written += len(new) + len(changed)
    return written


PERSON_IMPORT_COLUMNS = ImportColumns(PERSON_COLUMNS, check_person, write_person)
