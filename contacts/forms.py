from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.models import AddressKind, Channel, Role
from core.contact import normalise_phone, normalise_postcode, validate_email
from core.forms import date_field, helper

EMAIL_ERROR = _("Dit is geen geldig e-mailadres, zoals naam@voorbeeld.nl.")


def _email_field():
    return forms.CharField(
        label=_("E-mail"), required=False, max_length=254, validators=[validate_email]
    )


class ContactDetailsForm(forms.Form):
    valid_from = date_field(_("Geldig vanaf"))
    address_kind = forms.ChoiceField(
        label=_("Soort adres"),
        choices=AddressKind.choices,
        help_text=_("Een briefadres of geen vast adres mag; het wordt op het dossier getoond."),
    )
    street = forms.CharField(label=_("Straat"), required=False, max_length=200)
    house_number = forms.IntegerField(label=_("Huisnummer"), required=False, min_value=1)
    addition = forms.CharField(label=_("Toevoeging"), required=False, max_length=10)
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=10)
    city = forms.CharField(label=_("Woonplaats"), required=False, max_length=100)
    phone = forms.CharField(label=_("Telefoon"), required=False, max_length=30)
    mobile = forms.CharField(label=_("Mobiel"), required=False, max_length=30)
    email = _email_field()
    preferred_channel = forms.ChoiceField(label=_("Voorkeur contact"), choices=Channel.choices)
    interpreter_needed = forms.BooleanField(label=_("Tolk nodig"), required=False)
    interpreter_language = forms.CharField(
        label=_("Taal van de tolk"), required=False, max_length=60
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Contactgegevens opslaan"))

    def clean_postcode(self):
        value = self.cleaned_data["postcode"]
        return normalise_postcode(value) if value.strip() else ""

    def clean_phone(self):
        value = self.cleaned_data["phone"]
        return normalise_phone(value) if value.strip() else ""

    def clean_mobile(self):
        value = self.cleaned_data["mobile"]
        return normalise_phone(value) if value.strip() else ""

    def clean(self):
        data = super().clean()
        if data.get("address_kind") != AddressKind.NONE:
            for field in ("street", "house_number", "postcode", "city"):
                if field not in self.errors and data.get(field) in (None, ""):
                    self.add_error(field, _("Vul dit in, of kies 'Geen vast adres'."))
        if data.get("interpreter_needed") and not data.get("interpreter_language"):
            self.add_error("interpreter_language", _("Vul in welke taal de tolk spreekt."))
        return data


class ContactPersonForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)
    name = forms.CharField(label=_("Naam"), max_length=200)
    organisation = forms.CharField(label=_("Organisatie"), required=False, max_length=200)
    phone = forms.CharField(label=_("Telefoon"), required=False, max_length=30)
    email = _email_field()
    address = forms.CharField(label=_("Adres"), required=False, max_length=300)
    start = date_field(_("Vanaf"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Contactpersoon opslaan"))

    def clean_phone(self):
        value = self.cleaned_data["phone"]
        return normalise_phone(value) if value.strip() else ""


class EndPersonForm(forms.Form):
    end = date_field(_("Tot en met"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Beëindigen"))
