from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from categorisation.models import Category, LadderStep, Unit
from core.forms import date_field, helper
from organisations.models import Municipality


class AssessmentForm(forms.Form):
    date = date_field(_("Datum beoordeling"))
    category = forms.ModelChoiceField(queryset=Category.objects.none(), label=_("Categorie"))
    estimated_months = forms.IntegerField(
        min_value=0, max_value=600, label=_("Geschatte maanden tot plaatsing in werk")
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=1000, label=_("Onderbouwing")
    )

    def __init__(self, *args, client, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        categories = Category.objects.for_organisation(client.organisation_id).select_related(
            "unit"
        )
        self.fields["category"].queryset = categories
        self.fields["category"].label_from_instance = lambda c: (
            f"{c.code} — {c.name} ({c.unit}, {c.range_label()})"
        )
        self.helper = helper(_("Beoordeling vastleggen"))


class LadderStepForm(forms.Form):
    date = date_field(_("Datum"))
    trede = forms.TypedChoiceField(
        choices=LadderStep.Trede.choices, coerce=int, label=_("Trede participatieladder")
    )
    reason = forms.CharField(max_length=1000, required=False, label=_("Toelichting"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Trede vastleggen"))


class DistributionForm(forms.Form):
    datum = forms.DateField(
        label=_("Peildatum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    gemeente = forms.ModelChoiceField(
        queryset=Municipality.objects.none(),
        required=False,
        label=_("Gemeente"),
        empty_label=_("Alle gemeenten"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = Municipality.objects.for_user(user)


def category_filter_field(user) -> forms.Field:
    choices = [("", _("Alle categorieën"))] + [
        (c.code, c.code) for c in Category.objects.for_organisation(user.organisation_id)
    ]
    return forms.ChoiceField(choices=choices, required=False, label=_("Categorie"))


def unit_filter_field(user) -> forms.Field:
    choices = [("", _("Alle eenheden"))] + [(u.code, u.name) for u in Unit.objects.all()]
    return forms.ChoiceField(choices=choices, required=False, label=_("Eenheid"))
