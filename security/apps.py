from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = _("beveiliging")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from security import sessions

        user_logged_in.connect(sessions.on_login, dispatch_uid="security.on_login")
        user_logged_out.connect(sessions.on_logout, dispatch_uid="security.on_logout")
