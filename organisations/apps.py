from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = "Organisaties en gebruikers"

    def ready(self) -> None:
        from organisations.roles import sync_role_permissions

        # After every app's migrate, since permissions of apps later in INSTALLED_APPS are
        # created by their own post_migrate; syncing is idempotent and cheap.
        post_migrate.connect(sync_role_permissions, dispatch_uid="opstap_sync_roles")
