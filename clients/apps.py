from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = "Cliënten"

    def ready(self) -> None:
        # The timeline's own entries, registered like any other app's.
        from clients import extensions, hooks

        extensions.timeline_entries.append(hooks.NOTES)
        extensions.timeline_entries.append(hooks.BENEFITS)
        extensions.timeline_entries.append(hooks.ONTHEFFINGEN)
        from clients.corrections import WITHDRAWALS

        extensions.withdrawals.update(WITHDRAWALS)
