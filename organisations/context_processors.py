from organisations.roles import BEHEERDER, CONSULENT, MANAGER


def navigation(request) -> dict:
    """What the navigation shows: only what the user's role may use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    return {
        "nav": {
            "caseload": user.has_role(CONSULENT),
            "dashboard": user.has_role(MANAGER),
            "admin": user.is_staff and (user.has_role(BEHEERDER) or user.is_superuser),
        }
    }
