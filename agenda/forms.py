from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agenda.models import AppointmentKind, CancelledBy, Place, Status
from core.forms import date_field, helper


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class AppointmentForm(forms.Form):
    kind = forms.ModelChoiceField(
        label=_("Soort afspraak"), queryset=AppointmentKind.objects.filter(active=True)
    )
    date = date_field(_("Datum"))
    start = forms.TimeField(label=_("Begintijd"), widget=TimeInput())
    end = forms.TimeField(label=_("Eindtijd"), widget=TimeInput())
    place = forms.ChoiceField(label=_("Plaats"), choices=Place.choices)
    participants = forms.CharField(
        label=_("Neemt verder deel"),
        required=False,
        max_length=300,
        help_text=_("Bijvoorbeeld een tolk, de bewindvoerder of een jobcoach."),
    )
    allow_double_booking = forms.BooleanField(
        label=_("Toch inplannen, ook als de consulent dan al een afspraak heeft"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Afspraak inplannen"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("De afspraak eindigt vóór of op de begintijd."))
        return data


OUTCOMES = [
    (Status.HELD, Status.HELD.label),
    (Status.NO_SHOW, Status.NO_SHOW.label),
    (Status.NO_SHOW_NOTICE, Status.NO_SHOW_NOTICE.label),
    (Status.CANCELLED, Status.CANCELLED.label),
]


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(label=_("Uitkomst"), choices=OUTCOMES, widget=forms.RadioSelect)
    cancelled_by = forms.ChoiceField(
        label=_("Afgezegd door"),
        choices=[("", "—"), *CancelledBy.choices],
        required=False,
        help_text=_("Alleen bij een afgezegde afspraak."),
    )
    report = forms.CharField(
        label=_("Kort verslag"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Verplicht bij een gehouden afspraak."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Uitkomst vastleggen"))


class DayForm(forms.Form):
    dag = date_field(_("Dag"), required=False)
