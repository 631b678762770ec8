"""What a letter template may use: plain strings, nothing else (docs/letters.md). A full BSN only
when the template asks for it (LetterTemplate.shows_full_bsn); otherwise masked."""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format

from clients.models import Client
from core.bsn import mask_bsn
from organisations.models import User


def _plain(value):
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, date):
        return date_format(value, "j F Y")
    if value is None:
        return ""
    return str(value)


def letter_context(
    *, client: Client, by: User, on: date, full_bsn: bool, extra: dict | None = None
) -> dict:
    consulent = client.consulent or by
    return {
        "client": {
            "nummer": str(client.pk),
            "naam": client.full_name,
            "voornamen": client.first_names,
            "achternaam": client.last_name,
            "bsn": client.bsn if full_bsn else mask_bsn(client.bsn),
            "gemeente": client.municipality.name,
        },
        "consulent": {
            "naam": by.get_full_name() or by.username,
            "email": by.email,
            "vaste_consulent": consulent.get_full_name() or consulent.username,
        },
        "organisatie": {"naam": by.organisation.name if by.organisation_id else ""},
        "datum": date_format(on, "j F Y"),
        "extra": _plain(extra or {}),
    }
