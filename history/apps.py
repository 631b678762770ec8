from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    name = "history"
    verbose_name = _("wijzigingsgeschiedenis")

    def ready(self) -> None:
        from history.functions import install_trigger_functions

        # After pgtrigger's own post_migrate (an earlier app), which installs its version.
        post_migrate.connect(install_trigger_functions, sender=self)
