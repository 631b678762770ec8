from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import date_field, helper
from plans.models import Action, Plan
from trajectories.models import Trajectory


def _trajectory_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=Trajectory.objects.none(),
        required=False,
        label=_("Trajecten die dit doel dienen"),
        widget=forms.CheckboxSelectMultiple,
    )


def _client_trajectories(plan: Plan):
    return Trajectory.objects.filter(client_id=plan.client_id).select_related("type")


class PlanCreateForm(forms.Form):
    """A confirmation: a new version starts from the current plan."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Nieuw plan opstellen"))


class GoalForm(forms.Form):
    text = forms.CharField(
        label=_("Doel"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    trajectories = _trajectory_field()

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        trajectories = _client_trajectories(plan)
        if trajectories.exists():
            self.fields["trajectories"].queryset = trajectories
        else:  # nothing to choose: no empty box on the form
            del self.fields["trajectories"]
        self.helper = helper(_("Doel toevoegen"))


class GoalTrajectoriesForm(forms.Form):
    trajectories = _trajectory_field()

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trajectories"].queryset = _client_trajectories(plan)
        self.helper = helper(_("Trajecten opslaan"))


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Afspraak"), max_length=500)
    goal = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Bij doel"), empty_label=_("Geen doel")
    )
    owner = forms.ChoiceField(label=_("Wie voert het uit"), choices=Action.Owner.choices)
    owner_name = forms.CharField(
        label=_("Andere uitvoerder"),
        max_length=200,
        required=False,
        help_text=_("Alleen bij 'anders': bijvoorbeeld de naam van de werkcoach."),
    )
    due_date = date_field(_("Uiterlijk op"))

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.all()
        self.helper = helper(_("Actie toevoegen"))


class ActionDoneForm(forms.Form):
    done_on = date_field(_("Gedaan op"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"done_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Afvinken"))


class PlanFinaliseForm(forms.Form):
    valid_from = date_field(_("Geldig vanaf"), help_text=_("Niet in de toekomst."))
    agreed_by_client = forms.BooleanField(
        label=_("De cliënt gaat akkoord met dit plan"), required=False
    )
    agreed_on = date_field(_("Akkoord op"), required=False)

    def __init__(self, *args, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault("initial", {"valid_from": today, "agreed_on": today})
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Plan vaststellen"))

    def clean(self):
        data = super().clean()
        if not data.get("agreed_by_client"):
            data["agreed_on"] = None  # a prefilled date means nothing without the agreement
        return data
