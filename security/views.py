from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from security.sessions import LAST_SEEN, seconds_left


def lockout(request, response=None, credentials=None):
    """django-axes' lockout: the login page again, with the reason and how long it lasts."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/login.html",
        {
            "form": AuthenticationForm(request),
            "locked_out": True,
            "lockout_minutes": minutes,
            "next": request.POST.get("next", request.GET.get("next", "")),
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


@require_POST
def session_extend(request):
    """One action to stay logged in."""
    request.session[LAST_SEEN] = time.time()
    left = seconds_left(request.session)
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"seconds_left": left})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "home"
    return redirect(target)
