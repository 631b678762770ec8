from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = "Afspraken en agenda"

    def ready(self) -> None:
        # Django's place for code that needs the models: imported here, once.
        from agenda import hooks
        from clients import extensions

        extensions.file_sections.append(hooks.FILE_SECTION)
        extensions.timeline_entries.append(hooks.TIMELINE)
