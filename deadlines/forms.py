from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import Municipality


class TeamForm(forms.Form):
    gemeente = forms.ModelChoiceField(
        queryset=Municipality.objects.none(), required=False, label=_("Gemeente"), empty_label=None
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = Municipality.objects.for_user(user)
        self.fields["gemeente"].widget.attrs["class"] = "form-select"
