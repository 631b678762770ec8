"""Session lifetime (docs/security.md): a session ends after OPSTAP_SESSION_IDLE_MINUTES without
a request and OPSTAP_SESSION_MAX_HOURS after login, whatever happens in between. Logging out
ends every session of that user, on every device; a deactivated user's sessions end at once.

Each page tells session.js how long it has; two minutes before the end, the user is warned and
can stay logged in with one button (WCAG 2.2.1). Requests a page makes by itself (a status
poll, marked with @session_passive) do not count as activity.
"""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.db.models import F
from django.utils.translation import gettext as _

LOGIN_AT = "opstap_login_at"
LAST_SEEN = "opstap_last_seen"
ACTIVITY_GRANULARITY = 30  # seconds


def session_passive(view):
    """A request this view answers does not keep the session alive (a poll, the session status)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        return view(*args, **kwargs)

    wrapped.session_passive = True
    return wrapped


def idle_seconds() -> int:
    return settings.OPSTAP_SESSION_IDLE_MINUTES * 60


def absolute_seconds() -> int:
    return settings.OPSTAP_SESSION_MAX_HOURS * 3600


def seconds_left(session, now: float | None = None) -> int:
    """Until the session ends, by whichever of the two limits comes first."""
    now = time.time() if now is None else now
    login_at = session.get(LOGIN_AT, now)
    last_seen = session.get(LAST_SEEN, now)
    return int(min(last_seen + idle_seconds(), login_at + absolute_seconds()) - now)


def can_extend(session, now: float | None = None) -> bool:
    """Staying active helps only while the absolute limit is further away than the idle one."""
    now = time.time() if now is None else now
    return (
        session.get(LOGIN_AT, now) + absolute_seconds() - now
        > settings.OPSTAP_SESSION_WARNING_SECONDS
    )


class SessionTimeoutMiddleware:
    """After AuthenticationMiddleware: ends an expired session before the view runs (the login
    requirement then sends the user to the login page) and records activity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        session, now = request.session, time.time()
        session.setdefault(LOGIN_AT, now)
        if seconds_left(session, now) <= 0:
            request.session_timed_out = True  # ends this session only, not the user's others
            logout(request)
            messages.info(
                request, _("U was een tijd niet actief of lang ingelogd. Log opnieuw in.")
            )
            return None
        # Written at most every ACTIVITY_GRANULARITY seconds, not on every request.
        passive = getattr(view_func, "session_passive", False)
        if not passive and now - session.get(LAST_SEEN, 0) >= ACTIVITY_GRANULARITY:
            session[LAST_SEEN] = now
        return None


def on_login(sender, request, user, **kwargs) -> None:
    """Django gives the session a new key at login (no session fixation); start both clocks."""
    now = time.time()
    request.session[LOGIN_AT] = now
    request.session[LAST_SEEN] = now


def on_logout(sender, request, user, **kwargs) -> None:
    """Logging out ends every session of this user: the session version is part of the hash
    each session carries, so all of them stop verifying."""
    if user is not None and user.pk and not getattr(request, "session_timed_out", False):
        get_user_model().objects.filter(pk=user.pk).update(session_version=F("session_version") + 1)
