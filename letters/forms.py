from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, helper
from letters.models import LetterTemplate


class ChooseTemplateForm(forms.Form):
    """Step 1 (GET): the template, and what an invitation needs to say."""

    sjabloon = forms.ModelChoiceField(label=_("Sjabloon"), queryset=LetterTemplate.objects.none())
    datum = forms.DateField(
        label=_("Datum van de afspraak"),
        required=False,
        widget=DateInput(),
    )
    tijd = forms.TimeField(
        label=_("Tijd van de afspraak"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    plaats = forms.CharField(label=_("Plaats van de afspraak"), max_length=200, required=False)

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sjabloon"].queryset = templates
        self.helper = helper(_("Brief invullen"), "sjabloon", "datum", "tijd", "plaats")
        self.helper.form_method = "get"

    def extra(self) -> dict:
        data = self.cleaned_data
        return {
            "datum": data.get("datum"),
            "tijd": data["tijd"].strftime("%H:%M") if data.get("tijd") else "",
            "plaats": data.get("plaats", ""),
        }


class LetterForm(forms.Form):
    """Step 2 (POST): the filled-in text, checked and edited by the consulent."""

    template = forms.IntegerField(widget=forms.HiddenInput)
    subject = forms.CharField(label=_("Onderwerp"), max_length=200)
    body = forms.CharField(label=_("Tekst"), widget=forms.Textarea(attrs={"rows": 18}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Brief maken (PDF)"), "template", "subject", "body")
