"""What the teamleider's start page shows of vier-ogen: how many requests wait in their
municipalities and how long the oldest has waited (one query; nothing for other users)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Min
from django.utils import timezone

from approvals.models import ApprovalRequest
from approvals.services import DECIDE_PERMISSION


@dataclass(frozen=True)
class Waiting:
    count: int
    oldest_days: int


def waiting_for(user) -> Waiting | None:
    if not (user.has_perm(DECIDE_PERMISSION) and user.has_perm("clients.view_client")):
        return None
    found = (
        ApprovalRequest.objects.for_user(user)
        .waiting()
        .aggregate(count=Count("pk"), oldest=Min("requested_at"))
    )
    if not found["count"]:
        return Waiting(0, 0)
    return Waiting(found["count"], (timezone.now() - found["oldest"]).days)
