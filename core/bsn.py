"""The BSN (burgerservicenummer): validation, compact form, masking for display, and keeping it
out of logs and error reports (docs/security.md)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.views.debug import SafeExceptionReporterFilter
from stdnum.nl import bsn as stdnum_bsn

# Nine digits standing alone (not part of a longer number or of a hex id).
_NINE_DIGITS = re.compile(r"(?<![0-9A-Za-z])\d{9}(?![0-9A-Za-z])")
MASK = "*********"


def validate_bsn(value: str) -> None:
    if not stdnum_bsn.is_valid(value):
        raise ValidationError(
            _("Dit is geen geldig BSN: het moet uit 9 cijfers bestaan en de elfproef doorstaan."),
            code="invalid_bsn",
        )


def compact(value: str) -> str:
    """Without the spaces and dots a BSN is often typed with (from a letter)."""
    return value.replace(" ", "").replace(".", "")


def looks_like_bsn(value: str) -> bool:
    """Nine digits once spaces and dots are left out (whether or not it passes the elfproef)."""
    digits = compact(value)
    return digits.isdigit() and len(digits) == 9


def mask_bsn(value: str) -> str:
    """Show only the last three digits, as lists and reports do: ******789."""
    return "******" + value[-3:] if value else ""


def find_bsns(text: str) -> list[str]:
    """Every nine-digit number in the text that passes the elfproef."""
    return [match for match in _NINE_DIGITS.findall(text) if stdnum_bsn.is_valid(match)]


def mask_bsns(text: str) -> str:
    return _NINE_DIGITS.sub(lambda m: MASK if stdnum_bsn.is_valid(m.group(0)) else m.group(0), text)


class BsnSafeExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports (mail to admins, the 500 page under DEBUG) show no BSN: POST fields and
    local variables that hold one are masked, as are the usual secrets."""

    def get_post_parameters(self, request):
        params = super().get_post_parameters(request)
        if not params:
            return params
        params = params.copy()
        for key, values in params.lists():
            params.setlist(key, [mask_bsns(v) if isinstance(v, str) else v for v in values])
        return params

    def get_traceback_frame_variables(self, request, tb_frame):
        cleansed = []
        for name, value in super().get_traceback_frame_variables(request, tb_frame):
            shown = value if isinstance(value, str) else repr(value)
            cleansed.append((name, mask_bsns(shown) if find_bsns(shown) else value))
        return cleansed


class BsnLogFilter:
    """Masks a BSN that slips into a log message, as the last line of defence."""

    def filter(self, record) -> bool:
        message = record.getMessage()
        if find_bsns(message):
            record.msg, record.args = mask_bsns(message), None
        return True
