"""Demo requests ter goedkeuring (for seed_demo, after the assessments): for each consulent, two
clients in re-integratie with a change to participatie waiting for a teamleider, one since
today and one since some days (the signal "Ter goedkeuring" and the teamleider's list)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from approvals.models import ApprovalRequest, DecisionKind
from categorisation.models import Assessment, Category

PER_CONSULENT = 2


def build_approvals(*, seed: int) -> dict[str, int]:
    rng = random.Random(seed + 19)
    today = timezone.localdate()
    target = Category.objects.get(organisation__isnull=True, code="3A")
    first = (
        Assessment.objects.on(today)
        .filter(client__consulent__isnull=False, category__unit__code="re_integratie")
        .annotate(
            n=Window(RowNumber(), partition_by=[F("client__consulent_id")], order_by=F("pk").desc())
        )
        .values_list("client_id", "client__consulent_id", "category__code", "n")
    )
    rows = []
    for client_id, consulent_id, code, n in first.iterator():
        if n > PER_CONSULENT:
            continue
        rows.append(
            ApprovalRequest(
                client_id=client_id,
                kind=DecisionKind.UNIT_CHANGE,
                effective=today,
                payload={"category": target.pk, "estimated_months": 60, "reason": "Demo"},
                summary=f"Van {code} naar 3A per {today:%d-%m-%Y}",
                requested_by_id=consulent_id,
            )
        )
    ApprovalRequest.objects.bulk_create(rows)
    # auto_now_add sets the moment of creation; the second of each waits some days already.
    for request in rows[1::2]:
        ApprovalRequest.objects.filter(pk=request.pk).update(
            requested_at=timezone.now() - timedelta(days=rng.randint(2, 9))
        )
    return {"verzoeken ter goedkeuring": len(rows)}
