from django.apps import AppConfig


class TrajectoriesConfig(AppConfig):
    name = "trajectories"
    verbose_name = "Trajecten"

    def ready(self) -> None:
        from trajectories import hooks

        hooks.register()
