from django.apps import AppConfig


class CategorisationConfig(AppConfig):
    name = "categorisation"
