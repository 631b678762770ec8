from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Documenten"

    def ready(self) -> None:
        # Django's place for code that needs the models: imported here, once.
        from clients import extensions
        from documents import hooks

        extensions.file_sections.append(hooks.FILE_SECTION)
        extensions.timeline_entries.append(hooks.TIMELINE)
