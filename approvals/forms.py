from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DecideForm(forms.Form):
    APPROVE, REJECT = "goedkeuren", "afwijzen"

    reason = forms.CharField(
        label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Goedkeuren")), (REJECT, _("Afwijzen"))], widget=forms.HiddenInput
    )
