from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "deadlines"
    verbose_name = "Termijnbewaking"

    def ready(self) -> None:
        from deadlines import hooks

        hooks.register()
