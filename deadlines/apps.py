from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "deadlines"
    verbose_name = "Termijnbewaking"

    def ready(self) -> None:
        # Django's place for code that needs the models: imported here, once.
        from clients import extensions
        from deadlines import hooks, start
        from organisations.start import start_pages

        extensions.caseload_filters.append(hooks.SIGNAL_FILTER)
        start_pages.append(start.TEAMLEIDER_START)
        extensions.file_sections.append(hooks.FILE_SECTION)
