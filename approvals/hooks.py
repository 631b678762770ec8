"""What approvals adds to other apps' workflows: holding a decision ter goedkeuring."""

from __future__ import annotations

from approvals.models import ApprovalRequest, ApprovalRule
from approvals.services import request_approval
from clients.extensions import Decision, FileSection


def hold(decision: Decision) -> ApprovalRequest | None:
    if not ApprovalRule.required_for(decision.client.organisation_id, decision.kind):
        return None
    return request_approval(decision=decision)


def _file_section(request, client) -> dict:
    """The decisions about this client that wait for, or got, a teamleider's decision."""
    requests = list(
        ApprovalRequest.objects.filter(client=client)
        .select_related("requested_by", "decided_by")
        .order_by("-requested_at")[:10]
    )
    return {"client": client, "requests": requests}


FILE_SECTION = FileSection("approvals/client_section.html", _file_section, order=12)
