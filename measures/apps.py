from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = "Maatregelen"

    def ready(self) -> None:
        from clients import extensions
        from measures import hooks

        extensions.file_sections.append(hooks.FILE_SECTION)
