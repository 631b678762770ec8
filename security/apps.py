from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def grant_after_migrate(using: str = "default", plan=None, **kwargs) -> None:
    """After every migrate (not after a test flush, which passes no plan), give the application
    role its rights on what the migrations made, so a new table is never left with the default
    ones. Only where that role exists and the owner is the one migrating."""
    from security.database_roles import RoleError, grant_application_role, role_exists

    role = settings.OPSTAP_DATABASE_APP_ROLE
    if plan is None or not role or not role_exists(role):
        return
    try:
        grant_application_role(role, create=False)
    except RoleError:  # connected as the application role itself: nothing it may grant
        return


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = _("beveiliging")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from security import sessions

        user_logged_in.connect(sessions.on_login, dispatch_uid="security.on_login")
        user_logged_out.connect(sessions.on_logout, dispatch_uid="security.on_logout")
        post_migrate.connect(grant_after_migrate, sender=self)
