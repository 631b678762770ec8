"""The teamleider's pages: the requests waiting for approval, and deciding one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from approvals import services
from approvals.forms import DecideForm
from approvals.models import ApprovalRequest
from clients import access
from clients.models import AccessAction
from core.views import form_errors_to_messages

# The teamleider: decides (manager role) and may see clients (consulent role).
DECIDE = (services.DECIDE_PERMISSION, "clients.view_client")


@permission_required(DECIDE, raise_exception=True)
def request_list(request):
    waiting = list(
        ApprovalRequest.objects.for_user(request.user)
        .waiting()
        .select_related("client", "requested_by")
        .order_by("requested_at")[:200]
    )
    now = timezone.now()
    for item in waiting:
        item.waited_days = (now - item.requested_at).days
    access.log_listed(
        user=request.user,
        client_ids=[item.client_id for item in waiting],
        action=AccessAction.VIEW,
        detail=_("Verzoeken ter goedkeuring"),
    )
    return render(request, "approvals/request_list.html", {"requests": waiting})


@permission_required(DECIDE, raise_exception=True)
@require_http_methods(["GET", "POST"])
def request_decide(request, pk: int):
    item = get_object_or_404(
        ApprovalRequest.objects.for_user(request.user).select_related(
            "client", "requested_by", "decided_by"
        ),
        pk=pk,
    )
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if form.cleaned_data["decision"] == DecideForm.APPROVE:
                outcome = services.approve_request(request=item, reason=reason, by=request.user)
                messages.success(request, _("Goedgekeurd. %(outcome)s") % {"outcome": outcome})
            else:
                services.reject_request(request=item, reason=reason, by=request.user)
                messages.success(request, _("Het verzoek is afgewezen."))
            return redirect("approvals:request_list")
        except ValidationError as error:
            form_errors_to_messages(form, error)
    access.log_access(
        user=request.user,
        client=item.client,
        action=AccessAction.VIEW,
        detail=_("Verzoek om goedkeuring bekeken"),
        obj=item,
    )
    return render(
        request,
        "approvals/request_decide.html",
        {"item": item, "form": form, "own": item.requested_by_id == request.user.pk},
    )
