from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import date_field, helper
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


class VervangingForm(forms.Form):
    absent = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Afwezige consulent"))
    substitute = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Vervanger"))
    start = date_field(_("Van"))
    end = date_field(_("Tot en met"))
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=1000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        people = (
            User.objects.filter(
                organisation_id=user.organisation_id,
                is_active=True,
                groups__name=CONSULENT,
                municipalities__in=user.scoped_municipalities(),
            )
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["absent"].queryset = people
        self.fields["substitute"].queryset = people
        self.helper = helper(_("Vervanging vastleggen"))
