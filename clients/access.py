"""The access log's writers: one row per view or change of a client's data, one row per client
shown in a list (docs/security.md). Every service and every view of a client file calls these."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils import timezone

from clients.models import AccessAction, AccessLog, AccessResult, Client, ProcessingActivity
from core.request_id import current_request_id
from organisations.models import User


def object_ref(obj: models.Model | None) -> str:
    """ "app.model:pk", the way the access log names an object."""
    return f"{obj._meta.label_lower}:{obj.pk}" if obj is not None else ""


def log_access(
    *,
    user: User,
    client: Client,
    action: str,
    detail: str = "",
    obj: models.Model | None = None,
    result: str = AccessResult.SUCCESS,
    activity: str = ProcessingActivity.CASEWORK,
) -> None:
    AccessLog.objects.create(
        user=user,
        client=client,
        action=action,
        detail=detail[:500],
        client_version=client.version,
        object_ref=object_ref(obj if obj is not None else client),
        result=result,
        request_id=current_request_id(),
        processing_activity=activity,
    )


def log_listed(
    *,
    user: User,
    client_ids: Iterable[int],
    action: str = AccessAction.SEARCH,
    detail: str = "",
    activity: str = ProcessingActivity.CASEWORK,
    result: str = AccessResult.SUCCESS,
) -> int:
    """One row per client shown in a list, search result or export, in one INSERT."""
    now, request_id = timezone.now(), current_request_id()
    rows = [
        AccessLog(
            user=user,
            client_id=client_id,
            at=now,
            action=action,
            detail=detail[:500],
            object_ref=f"clients.client:{client_id}",
            request_id=request_id,
            processing_activity=activity,
            result=result,
        )
        for client_id in dict.fromkeys(client_ids)
    ]
    AccessLog.objects.bulk_create(rows)
    return len(rows)


def log_page(
    *,
    user: User,
    page,
    detail: str,
    client_id=lambda row: row.pk,
    activity: str = ProcessingActivity.CASEWORK,
) -> None:
    """Log the clients on one page of a list: what the user saw, not what the query matched."""
    log_listed(
        user=user,
        client_ids=[client_id(row) for row in page.object_list],
        detail=detail,
        activity=activity,
    )
