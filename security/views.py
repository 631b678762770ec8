from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render


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

