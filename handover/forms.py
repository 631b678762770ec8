from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import User
from organisations.roles import CONSULENT


class HandoverForm(forms.Form):
    to = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Naar consulent"))
    note = forms.CharField(
        label=_("Overdrachtsnotitie"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    clients = forms.TypedMultipleChoiceField(
        coerce=int, required=False, label=_("Cliënten"), widget=forms.CheckboxSelectMultiple
    )
    whole = forms.BooleanField(required=False, label=_("De hele caseload overdragen"))

    def __init__(self, *args, municipality, organisation_id, client_choices, exclude, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = (
            User.objects.filter(
                organisation_id=organisation_id,
                is_active=True,
                groups__name=CONSULENT,
                municipalities=municipality,
            )
            .exclude(pk=exclude)
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["clients"].choices = client_choices

    def clean(self):
        data = super().clean()
        if not data.get("whole") and not data.get("clients"):
            raise forms.ValidationError(
                _("Kies cliënten of vink 'De hele caseload overdragen' aan.")
            )
        return data
