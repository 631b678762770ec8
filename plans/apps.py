from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Plannen van aanpak"

    def ready(self) -> None:
        # Django's place for code that needs the models: imported here, once.
        from clients import extensions
        from plans import hooks

        extensions.file_sections.append(hooks.FILE_SECTION)
        from plans.corrections import WITHDRAWALS

        extensions.withdrawals.update(WITHDRAWALS)
        extensions.timeline_entries.append(hooks.TIMELINE)
