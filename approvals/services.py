"""The vier-ogen workflow: a decision is held as a request, and a teamleider other than the
requester approves it (it takes effect as of the requested date, in the same transaction) or
rejects it, with a reason."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.kinds import APPLY
from approvals.models import ApprovalRequest
from clients.access import log_access
from clients.extensions import Decision
from clients.models import AccessAction
from organisations.models import User

DECIDE_PERMISSION = "approvals.decide_approvalrequest"


@transaction.atomic
def request_approval(*, decision: Decision) -> ApprovalRequest:
    request = ApprovalRequest.objects.create(
        client=decision.client,
        kind=decision.kind,
        effective=decision.effective,
        payload=decision.payload,
        summary=decision.summary,
        requested_by=decision.by,
    )
    log_access(
        user=decision.by,
        client=decision.client,
        action=AccessAction.UPDATE,
        detail=_("Ter goedkeuring voorgelegd: %(summary)s") % {"summary": decision.summary},
    )
    return request


def _locked_waiting(request: ApprovalRequest, by: User) -> ApprovalRequest:
    if not by.has_perm(DECIDE_PERMISSION):
        raise PermissionDenied
    fresh = (
        ApprovalRequest.objects.select_for_update(of=("self",))
        .select_related("client", "requested_by")
        .get(pk=request.pk)
    )
    if fresh.status != ApprovalRequest.Status.WAITING:
        raise ValidationError(_("Over dit verzoek is al besloten."))
    if fresh.requested_by_id == by.pk:
        raise ValidationError(_("U kunt niet besluiten over uw eigen verzoek."))
    return fresh


def _decide(request: ApprovalRequest, *, status: str, reason: str, by: User) -> None:
    if not reason.strip():
        raise ValidationError({"reason": _("Vul een toelichting in.")})
    request.status = status
    request.decided_by = by
    request.decided_at = timezone.now()
    request.decision_reason = reason.strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])


@transaction.atomic
def approve_request(*, request: ApprovalRequest, reason: str, by: User) -> str:
    """Approve and apply as of the requested date; a refusal of the owning app rolls it back."""
    request = _locked_waiting(request, by)
    _decide(request, status=ApprovalRequest.Status.APPROVED, reason=reason, by=by)
    outcome = APPLY[request.kind](request)
    log_access(
        user=by,
        client=request.client,
        action=AccessAction.UPDATE,
        detail=_("Goedgekeurd: %(summary)s") % {"summary": request.summary},
    )
    return outcome


@transaction.atomic
def reject_request(*, request: ApprovalRequest, reason: str, by: User) -> ApprovalRequest:
    request = _locked_waiting(request, by)
    _decide(request, status=ApprovalRequest.Status.REJECTED, reason=reason, by=by)
    log_access(
        user=by,
        client=request.client,
        action=AccessAction.UPDATE,
        detail=_("Afgewezen: %(summary)s") % {"summary": request.summary},
    )
    return request
