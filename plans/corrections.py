"""What a consulent may withdraw on the client file from this app (clients.extensions)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from clients.extensions import Withdrawal
from plans.models import Action, Goal
from plans.services import withdraw_plan_entry


def _withdraw(entry, reason, by):
    return withdraw_plan_entry(entry=entry, reason=reason, by=by)


WITHDRAWALS = {
    "doel": Withdrawal(
        kind="doel",
        entries=lambda client: Goal.all_objects.filter(plan__client=client),
        withdraw=_withdraw,
        describe=lambda goal: _("Doel: %(text)s") % {"text": goal.text},
    ),
    "actie": Withdrawal(
        kind="actie",
        entries=lambda client: Action.all_objects.filter(plan__client=client),
        withdraw=_withdraw,
        describe=lambda action: _("Actie: %(text)s") % {"text": action.description},
    ),
}
