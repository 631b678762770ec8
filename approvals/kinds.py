"""How an approved decision takes effect: one function per kind, calling the owning app's
service with the requester as the one who decided it and the requested date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.utils.translation import gettext as _

from approvals.models import ApprovalRequest, DecisionKind
from categorisation.models import Category
from categorisation.services import assess_client
from clients.services import add_ontheffing
from measures.models import Maatregel
from measures.services import impose
from trajectories.models import Trajectory
from trajectories.services import end_trajectory, extend_trajectory


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


def _art_9a(request: ApprovalRequest) -> str:
    data = request.payload
    ontheffing = add_ontheffing(
        client=request.client,
        reason=data["reason"],
        start=date.fromisoformat(data["start"]),
        end=date.fromisoformat(data["end"]) if data["end"] else None,
        remark=data["remark"],
        by=request.requested_by,
    )
    return _("De ontheffing %(o)s is toegevoegd.") % {"o": ontheffing}


def _participatiebaan_early_end(request: ApprovalRequest) -> str:
    trajectory = Trajectory.objects.get(pk=request.payload["trajectory"], client=request.client)
    ended = end_trajectory(
        trajectory=trajectory,
        on=request.effective,
        outcome=request.payload["outcome"],
        by=request.requested_by,
        because=_("vier-ogen: goedgekeurd"),
    )
    return _("Het traject is beëindigd per %(on)s.") % {"on": ended.actual_end.strftime("%d-%m-%Y")}


def _maatregel(request: ApprovalRequest) -> str:
    maatregel = Maatregel.objects.get(pk=request.payload["maatregel"], client=request.client)
    imposed = impose(maatregel=maatregel, starts_on=request.effective, by=request.requested_by)
    letter = _(" De besluitbrief staat in het dossier.") if imposed.letter_id else ""
    return _("De maatregel is opgelegd vanaf %(d)s.%(letter)s") % {
        "d": request.effective.strftime("%d-%m-%Y"),
        "letter": letter,
    }


# The kinds whose approval is wired to their owning app's service.
APPLY: dict[str, Callable[[ApprovalRequest], str]] = {
    DecisionKind.UNIT_CHANGE: _unit_change,
    DecisionKind.TRAJECTORY_EXTENSION: _trajectory_extension,
    DecisionKind.ART_9A: _art_9a,
    DecisionKind.PARTICIPATIEBAAN_EARLY_END: _participatiebaan_early_end,
    DecisionKind.MAATREGEL: _maatregel,
}
