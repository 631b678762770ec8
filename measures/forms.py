from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agenda.models import Appointment
from core.forms import date_field, helper
from measures.models import GedragingKind, Maatregel


class GedragingForm(forms.Form):
    kind = forms.ModelChoiceField(
        queryset=GedragingKind.objects.filter(active=True), label=_("Gedraging")
    )
    gedraging_on = date_field(_("Datum gedraging"))
    description = forms.CharField(label=_("Omschrijving"), widget=forms.Textarea(attrs={"rows": 3}))
    appointment = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Afspraak waarop de cliënt niet verscheen")
    )

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appointment"].queryset = Appointment.objects.filter(client=client).no_shows()
        self.helper = helper(_("Gedraging vastleggen"))


class StepForm(forms.Form):
    """One form for the steps on the maatregel page; `step` says which."""

    step = forms.ChoiceField(
        choices=[("horen_plannen", ""), ("horen", ""), ("besluit", ""), ("afzien", "")],
        widget=forms.HiddenInput,
    )
    on = date_field(_("Datum"), required=False)
    statement = forms.CharField(
        label=_("Wat de cliënt zei"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    waiver = forms.ChoiceField(
        choices=[("", "---------"), *Maatregel.Waiver.choices], required=False,
        label=_("Afzien wegens"),
    )  # fmt: skip
    explanation = forms.CharField(label=_("Toelichting"), required=False)
