"""How an approved decision takes effect: one function per kind, calling the owning app's
service with the requester as the one who decided it and the requested date."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from approvals.models import ApprovalRequest, DecisionKind
from categorisation.models import Category
from categorisation.services import assess_client
from trajectories.models import Trajectory
from trajectories.services import extend_trajectory


def _unit_change(request: ApprovalRequest) -> str:
    data = request.payload
    assessment = assess_client(
        client=request.client,
        day=request.effective,
        category=Category.objects.get(pk=data["category"]),
        estimated_months=data["estimated_months"],
        reason=data["reason"],
        by=request.requested_by,
    )
    return _("Categorie %(code)s geldt vanaf %(day)s.") % {
        "code": assessment.category.code,
        "day": request.effective.strftime("%d-%m-%Y"),
    }


def _trajectory_extension(request: ApprovalRequest) -> str:
    trajectory = Trajectory.objects.get(pk=request.payload["trajectory"], client=request.client)
    extended = extend_trajectory(trajectory=trajectory, by=request.requested_by, approved=True)
    return _("Het traject loopt nu tot en met %(end)s.") % {
        "end": extended.planned_end.strftime("%d-%m-%Y")
    }


# The kinds whose approval is wired to their owning app's service. The others (art. 9a,
# participatiebaan early end, maatregel) are held by their workflows once those call the gate.
APPLY: dict[str, Callable[[ApprovalRequest], str]] = {
    DecisionKind.UNIT_CHANGE: _unit_change,
    DecisionKind.TRAJECTORY_EXTENSION: _trajectory_extension,
}
