from django.conf import settings

from security.sessions import can_extend, seconds_left


def session_timeout(request) -> dict:
    """What session.js needs to warn before the session ends; whether single sign-on is on."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "session"):
        return {"oidc_enabled": settings.OPSTAP_OIDC_ENABLED}
    return {
        "session_timeout": {
            "seconds_left": seconds_left(request.session),
            "warning_seconds": settings.OPSTAP_SESSION_WARNING_SECONDS,
            "can_extend": can_extend(request.session),
        }
    }
