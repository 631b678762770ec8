from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import date_field, helper
from organisations.models import Municipality, User
from trajectories.models import Outcome, Provider, Status, Trajectory, TrajectoryType

# Budgets sit above trajectories and are not imported here: the model the foreign key names.
BudgetLine = Trajectory.budget_line.field.related_model


class VersionForm(forms.Form):
    """A confirmation that carries the version the user saw (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    submit_label = _("Bevestigen")

    def __init__(self, *args, trajectory=None, **kwargs):
        super().__init__(*args, **kwargs)
        if trajectory is not None:
            self.fields["version"].initial = trajectory.version
        self.helper = helper(self.submit_label)


class TrajectoryPlanForm(forms.Form):
    kind = forms.ModelChoiceField(
        queryset=TrajectoryType.objects.filter(active=True), label=_("Soort traject")
    )
    provider = forms.ModelChoiceField(
        queryset=Provider.objects.filter(active=True), label=_("Aanbieder")
    )
    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.none(), label=_("Ten laste van gemeente"), empty_label=None
    )
    planned_start = date_field(_("Geplande start"))
    planned_end = date_field(_("Gepland einde"), help_text=_("De laatste dag van het traject."))
    cost = forms.DecimalField(
        label=_("Kosten (euro)"),
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0"),
        initial=Decimal("0.00"),
    )
    budget_line = forms.ModelChoiceField(
        queryset=BudgetLine.objects.none(),
        required=False,
        label=_("Ten laste van begrotingsregel"),
        empty_label=_("— geen —"),
        help_text=_("De kosten en premies tellen mee in de realisatie van deze regel."),
    )
    start_now = forms.BooleanField(
        label=_("Direct starten op de geplande startdatum"), required=False
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.for_user(user)
        self.fields["budget_line"].queryset = (
            BudgetLine.objects.filter(budget_year__organisation_id=user.organisation_id)
            .select_related("budget_year")
            .order_by("-budget_year__year", "kind", "sort_order", "name")
        )
        self.helper = helper(_("Traject aanvragen"))


class TrajectoryStartForm(VersionForm):
    on = date_field(_("Startdatum"))
    submit_label = _("Traject starten")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class TrajectoryEndForm(VersionForm):
    on = date_field(_("Einddatum (laatste dag)"))
    outcome = forms.ChoiceField(
        choices=[("", "—"), *Outcome.choices],
        label=_("Resultaat"),
        help_text=_("Bij uitval wordt het traject afgebroken, anders afgerond."),
    )
    submit_label = _("Traject beëindigen")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class TrajectoryCancelForm(VersionForm):
    submit_label = _("Aanvraag intrekken")


class TrajectoryExtendForm(VersionForm):
    submit_label = _("Traject verlengen")


class PremiumPayForm(forms.Form):
    paid_on = date_field(_("Betaald op"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"paid_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Betaling vastleggen"))


class ProviderFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False,
        label=_("Status"),
        choices=[("", _("Alle statussen")), *Status.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
