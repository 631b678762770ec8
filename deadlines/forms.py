from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import date_field
from organisations.models import Municipality


class TeamForm(forms.Form):
    gemeente = forms.ModelChoiceField(
        queryset=Municipality.objects.none(), required=False, label=_("Gemeente"), empty_label=None
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = Municipality.objects.for_user(user)
        self.fields["gemeente"].widget.attrs["class"] = "form-select"


class PostponeForm(forms.Form):
    """Put one signal off until a date, with a reason (services.check_postponement)."""

    until = date_field(
        _("Uitstellen tot"),
        help_text=_(
            "Op die dag staat het signaal weer op Vandaag, als het werk dan nog niet is gedaan."
        ),
    )
    reason = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": _("Geef een reden voor het uitstellen.")},
    )
