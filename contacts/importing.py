"""The contact columns of the caseload import (clients.extensions.import_columns): optional, so
an existing file still imports. A client's contact details change only when the file differs
from those in force: then a new row from the day of the import (or the same day's row is
corrected), in bulk, a few queries per 2,000 clients."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from clients.extensions import ImportColumns
from contacts.models import AddressKind, Channel, ContactDetails
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
                          ("mobiel", normalise_phone)):  # fmt: skip
        if cells[column]:
            try:
                data[FIELDS[column]] = clean(cells[column])
            except ValidationError as error:
                problems.append((column, error.messages[0]))
    if cells["email"]:
        try:
            validate_email(cells["email"])
        except ValidationError as error:
            problems.append(("email", error.messages[0]))
    data["interpreter_needed"] = bool(cells["tolk_taal"])
    data["interpreter_language"] = cells["tolk_taal"]
    return data, problems


def write(cleaned: dict[int, dict], user, today: date) -> int:
    """New rows from `today` for the clients whose details differ from those in force."""
    written = 0
    ids = list(cleaned)
    for offset in range(0, len(ids), CHUNK):
        chunk = ids[offset : offset + CHUNK]
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
