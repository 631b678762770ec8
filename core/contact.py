"""Dutch postcodes and phone numbers: checked, normalised for storage, shown the Dutch way. In
core, so the client screens, the contact details and the caseload import share them."""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext_lazy as _

# Four digits (not starting with 0) and two letters; SA, SD and SS are never issued.
POSTCODE = re.compile(r"^([1-9][0-9]{3})\s?([A-Za-z]{2})$")


def normalise_postcode(value: str) -> str:
    """'1234ab', '1234 AB' -> '1234 AB'; anything else is refused in Dutch."""
    found = POSTCODE.match((value or "").strip())
    if not found or found.group(2).upper() in {"SA", "SD", "SS"}:
        raise ValidationError(
            _(
                "Dit is geen geldige Nederlandse postcode: vier cijfers en twee letters, zoals 1234 AB."
            ),
            code="postcode",
        )
    return f"{found.group(1)} {found.group(2).upper()}"


def normalise_phone(value: str) -> str:
    """A phone number as typed ('06-12345678', '070 123 4567', '+32 …') in E.164 ('+31612345678')."""
    try:
        number = phonenumbers.parse((value or "").strip(), "NL")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Dit is geen geldig telefoonnummer. Bijvoorbeeld 06 12345678 of 070 123 4567."),
            code="phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """Shown the Dutch way: '06 12345678', '070 123 4567'; a foreign number internationally."""
    if not e164:
        return ""
    number = phonenumbers.parse(e164, "NL")
    if number.country_code == 31:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


validate_email = EmailValidator(_("Dit is geen geldig e-mailadres, zoals naam@voorbeeld.nl."))
