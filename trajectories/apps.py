from django.apps import AppConfig


class TrajectoriesConfig(AppConfig):
    name = "trajectories"
    verbose_name = "Trajecten"

    def ready(self) -> None:
        # Django's place for code that needs the models: imported here, once.
        from clients import extensions
        from trajectories import hooks

        extensions.file_sections.append(hooks.FILE_SECTION)
        extensions.benefit_end_steps.append(hooks.CLOSE_RUNNING)
        extensions.timeline_entries.append(hooks.TIMELINE)
