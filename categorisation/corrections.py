"""What a consulent may withdraw on the client file from this app (clients.extensions)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from categorisation.models import Assessment, LadderStep
from categorisation.services import withdraw_effective
from clients.extensions import Withdrawal


def _withdraw(entry, reason, by):
    return withdraw_effective(entry=entry, reason=reason, by=by)


WITHDRAWALS = {
    "beoordeling": Withdrawal(
        kind="beoordeling",
        entries=lambda client: Assessment.all_objects.filter(client=client),
        withdraw=_withdraw,
        describe=lambda row: _("Beoordeling %(a)s") % {"a": row},
    ),
    "trede": Withdrawal(
        kind="trede",
        entries=lambda client: LadderStep.all_objects.filter(client=client),
        withdraw=_withdraw,
        describe=lambda row: (
            _("Trede %(trede)s per %(day)s")
            % {"trede": row.trede, "day": row.date.strftime("%d-%m-%Y")}
        ),
    ),
}
