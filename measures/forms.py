from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agenda.models import Appointment
from core.forms import date_field, helper
from measures.models import GedragingKind, Maatregel

NO_SHOW = "niet_verschenen"  # the GedragingKind a no-show on an appointment is


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

    @classmethod
    def for_no_show(cls, *, client, appointment_pk: str) -> dict:
        """The initial data for a gedraging "niet verschenen" on the client's no-show
        `appointment_pk` (the link on the appointment, `?afspraak=`): the kind, the
        appointment's date, the appointment and a description. Empty for any other id."""
        appointment = (
            Appointment.objects.filter(client=client).no_shows().select_related("kind")
            .filter(pk=int(appointment_pk)).first()
            if appointment_pk.isdigit() else None
        )  # fmt: skip
        kind = GedragingKind.objects.filter(code=NO_SHOW, active=True).first()
        if appointment is None or kind is None:
            return {}
        return {
            "kind": kind.pk,
            "gedraging_on": appointment.date,
            "appointment": appointment.pk,
            "description": _("Niet verschenen op %(kind)s van %(day)s om %(time)s (%(status)s).")
            % {
                "kind": str(appointment.kind).lower(),
                "day": appointment.date.strftime("%d-%m-%Y"),
                "time": appointment.start.strftime("%H:%M"),
                "status": appointment.get_status_display().lower(),
            },
        }


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
