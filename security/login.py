"""Logging in: whose address a failure counts against, and guessing at one account slowed down.

django-axes locks a username for one address after OPSTAP_LOGIN_FAILURE_LIMIT failures. That
address must be the real client's: behind the TLS proxy it is the hop the proxy appended to
X-Forwarded-For (the right-most, or the N-th from the right with N proxies), never one a client
wrote itself; without a proxy it is the connection's own address.

Many addresses guessing at one account are slowed per account: after
OPSTAP_LOGIN_ACCOUNT_FAILURES failures for a username within OPSTAP_LOGIN_ACCOUNT_WINDOW_MINUTES,
an attempt from an address that never logged in as that user successfully waits until
OPSTAP_LOGIN_ACCOUNT_DELAY_SECONDS have passed since the account's last failure. A waiting
attempt checks no password and counts as no failure, so guessing cannot keep the account shut:
the holder, from an address they used before, logs in as always, and from a new one waits at
most the delay. At the next login the holder is told how many failures there were since.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from axes.models import AccessFailureLog
from axes.models import AccessLog as AxesLoginLog
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# An address from which the user logged in successfully within this many days is theirs.
KNOWN_ADDRESS_DAYS = 90


def client_ip(request) -> str | None:
    """The address a login attempt counts against (AXES_CLIENT_IP_CALLABLE)."""
    proxies = settings.OPSTAP_TRUSTED_PROXY_COUNT
    if proxies:
        hops = [
            hop.strip()
            for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if hop.strip()
        ]
        # Each trusted proxy appends the address it received the request from.
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")


def seconds_to_wait(username: str, ip: str | None, now: datetime | None = None) -> int:
    """How long an attempt for this username from this address has to wait; 0: go ahead."""
    if not username:
        return 0
    now = now or timezone.now()
    since = now - timedelta(minutes=settings.OPSTAP_LOGIN_ACCOUNT_WINDOW_MINUTES)
    failures = AccessFailureLog.objects.filter(username__iexact=username, attempt_time__gte=since)
    recent = list(failures.order_by("-attempt_time").values_list("attempt_time", flat=True)[
        : settings.OPSTAP_LOGIN_ACCOUNT_FAILURES
    ])  # fmt: skip
    if len(recent) < settings.OPSTAP_LOGIN_ACCOUNT_FAILURES:
        return 0
    known = AxesLoginLog.objects.filter(
        username__iexact=username,
        ip_address=ip,
        attempt_time__gte=now - timedelta(days=KNOWN_ADDRESS_DAYS),
    )
    if ip and known.exists():
        return 0
    ready = recent[0] + timedelta(seconds=settings.OPSTAP_LOGIN_ACCOUNT_DELAY_SECONDS)
    return max(0, math.ceil((ready - now).total_seconds()))


def failures_since_last_login(user) -> int:
    """Failed attempts for the user's name since their previous successful login."""
    failures = AccessFailureLog.objects.filter(username__iexact=user.get_username())
    if user.last_login:
        failures = failures.filter(attempt_time__gt=user.last_login)
    return failures.count()


class ThrottledLoginMixin:
    """For both login forms (the site's and the admin's)."""

    throttled_seconds = 0

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        self.throttled_seconds = seconds_to_wait(username, client_ip(self.request))
        if self.throttled_seconds:
            raise ValidationError(
                ngettext(
                    "Voor deze gebruikersnaam is kort na elkaar vaak een verkeerd wachtwoord "
                    "ingevuld. Wacht %(n)d seconde en probeer het dan opnieuw.",
                    "Voor deze gebruikersnaam is kort na elkaar vaak een verkeerd wachtwoord "
                    "ingevuld. Wacht %(n)d seconden en probeer het dan opnieuw.",
                    self.throttled_seconds,
                )
                % {"n": self.throttled_seconds},
                code="throttled",
            )
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and self.request is not None:
            count = failures_since_last_login(user)
            if count:
                messages.warning(
                    self.request,
                    _(
                        "Sinds uw vorige inlog is %(n)s keer geprobeerd met een verkeerd "
                        "wachtwoord in te loggen op uw account. Was u dat niet? Meld het bij "
                        "functioneel beheer."
                    )
                    % {"n": count},
                )
        return cleaned


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass
