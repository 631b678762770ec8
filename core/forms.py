"""What every form shares: the crispy FormHelper, the date input and the BSN field."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from stdnum.nl import bsn as stdnum_bsn

from core.bsn import validate_bsn
from core.dates import validate_plausible_date


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        validators=[validate_plausible_date],
        help_text=help_text,
    )


def helper(submit_label, *fields_or_layout) -> FormHelper:
    form_helper = FormHelper()
    # The server's Dutch messages, not the browser's, in whatever language the browser speaks.
    form_helper.attrs = {"novalidate": ""}
    if fields_or_layout:
        form_helper.layout = Layout(*fields_or_layout)
    form_helper.add_input(Submit("submit", submit_label))
    return form_helper


class BsnField(forms.CharField):
    """Accepts spaces and dots as typed from a letter; stores the 9 compact digits."""

    def __init__(self, **kwargs):
        super().__init__(max_length=20, validators=[validate_bsn], **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return stdnum_bsn.compact(value) if value else value
