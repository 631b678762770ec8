from django.apps import AppConfig


class CategorisationConfig(AppConfig):
    name = "categorisation"
    verbose_name = "Categorisering"

    def ready(self) -> None:
        from categorisation import hooks

        hooks.register()
