from __future__ import annotations

from crispy_forms.layout import Fieldset
from django import forms
from django.utils.translation import gettext_lazy as _

from clients import search
from clients.extensions import benefit_end_steps, caseload_filters
from clients.models import (
    Client,
    ContactKind,
    EndReason,
    OntheffingReason,
    TargetGroup,
)
from clients.services import EDITABLE_FIELDS
from core.forms import BsnField, DateInput, date_field, helper
from organisations.models import Municipality, User
from organisations.roles import CONSULENT


class ClientForm(forms.ModelForm):
    bsn = BsnField(label=_("BSN"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Client
        fields = EDITABLE_FIELDS
        widgets = {
            name: DateInput()
            for name in (
                "date_of_birth",
                "youngest_child_birth_date",
                "taaleis_test_date",
                "banenafspraak_date",
                "beschut_werk_date",
            )
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.for_user(user)
        self.fields["municipality"].empty_label = None
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.helper = helper(
            _("Opslaan"),
            Fieldset(
                _("Persoon"),
                "bsn",
                "first_names",
                "prefix",
                "last_name",
                "date_of_birth",
                "municipality",
            ),
            Fieldset(_("Leefsituatie"), "household", "youngest_child_birth_date"),
            Fieldset(
                _("Doelgroepkenmerken"),
                "statushouder",
                "startkwalificatie",
                "language_level",
                "taaleis_status",
                "taaleis_test_date",
                "banenafspraak_date",
                "banenafspraak_source",
                "beschut_werk_date",
                "beschut_werk_source",
            ),
            "version",
        )

    def validate_unique(self):
        # Uniqueness of the BSN within the organisation is checked by the service.
        pass


class ClientRegisterForm(ClientForm):
    benefit_start = date_field(_("Ingangsdatum uitkering"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout.append(Fieldset(_("Eerste uitkering"), "benefit_start"))


class BenefitStartForm(forms.Form):
    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.none(), label=_("Betalende gemeente"), empty_label=None
    )
    start = date_field(_("Ingangsdatum"))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.for_user(user)
        self.helper = helper(_("Uitkering starten"))


class BenefitEndForm(forms.Form):
    end = date_field(_("Einddatum (laatste dag met uitkering)"))
    end_reason = forms.ModelChoiceField(
        queryset=EndReason.objects.filter(active=True), label=_("Reden beëindiging")
    )

    def __init__(self, *args, client=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Later apps offer their own steps here, e.g. closing running trajectories.
        self.steps = []
        for step in benefit_end_steps if client is not None else []:
            field = step.field(client)
            if field is not None:
                self.fields[step.name] = field
                self.steps.append(step)
        self.helper = helper(_("Uitkering beëindigen"))


class NoteForm(forms.Form):
    date = date_field(_("Datum"))
    kind = forms.ChoiceField(choices=ContactKind.choices, label=_("Soort contact"))
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), max_length=10000, label=_("Verslag")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Contactmoment vastleggen"))


class OntheffingForm(forms.Form):
    reason = forms.ChoiceField(choices=OntheffingReason.choices, label=_("Grond"))
    start = date_field(_("Ingangsdatum"))
    end = date_field(
        _("Einddatum"),
        required=False,
        help_text=_("Leeg laten alleen bij een ontheffing om medische redenen."),
    )
    remark = forms.CharField(max_length=500, required=False, label=_("Toelichting"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Ontheffing toevoegen"))


class OntheffingEndForm(forms.Form):
    end = date_field(_("Einddatum"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Ontheffing beëindigen"))


class ReassignForm(forms.Form):
    consulent = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Nieuwe consulent"))

    def __init__(self, *args, client: Client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consulent"].queryset = (
            User.objects.filter(
                organisation_id=client.organisation_id,
                is_active=True,
                groups__name=CONSULENT,
                municipalities=client.municipality_id,
            )
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.helper = helper(_("Toewijzen"))


SORTS = {
    "naam": ("last_name_lower", "first_names", "pk"),
    "-naam": ("-last_name_lower", "-first_names", "-pk"),
    "geboortedatum": ("date_of_birth", "pk"),
    "-geboortedatum": ("-date_of_birth", "-pk"),
    "nummer": ("pk",),
    "-nummer": ("-pk",),
}


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=100,
        label=_("Zoeken"),
        help_text=_("(Deel van de) naam, geboortedatum (dd-mm-jjjj), cliëntnummer of BSN"),
    )
    mine = forms.BooleanField(required=False, label=_("Alleen mijn cliënten"))
    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.none(),
        required=False,
        label=_("Gemeente"),
        empty_label=_("Alle gemeenten"),
    )
    target_group = forms.ChoiceField(
        required=False,
        label=_("Doelgroep"),
        choices=[("", _("Alle doelgroepen")), *TargetGroup.choices],
    )
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for key in SORTS], widget=forms.HiddenInput
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.for_user(user)
        for extra in caseload_filters:
            self.fields[extra.name] = extra.field(user)
        # Rendered with components/filter_field.html, lighter than crispy on a busy page.
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs["class"] = "form-control"
        self.fields["q"].widget.attrs["aria-describedby"] = "id_q_helptext"

    def clean_q(self) -> str:
        term = self.cleaned_data["q"]
        search.parse(term)  # a date that does not exist is refused in the page
        return term


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van intrekken"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Het blijft zichtbaar, doorgestreept, met wie het introk, wanneer en waarom."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Intrekken"))
