"""What approvals adds to other apps' workflows: holding a decision ter goedkeuring."""

from __future__ import annotations

from approvals.models import ApprovalRequest, ApprovalRule
from approvals.services import request_approval
from clients.extensions import Decision


def hold(decision: Decision) -> ApprovalRequest | None:
    if not ApprovalRule.required_for(decision.client.organisation_id, decision.kind):
        return None
    return request_approval(decision=decision)
