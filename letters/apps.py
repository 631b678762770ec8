from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = "Brieven"

    def ready(self) -> None:
        # Django's place for code that needs the models: imported here, once.
        from clients import extensions
        from letters import hooks

        extensions.file_sections.append(hooks.FILE_SECTION)
        extensions.timeline_entries.append(hooks.TIMELINE)
