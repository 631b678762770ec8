from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Rapportages"

    def ready(self) -> None:
        # The manager's start page (organisations.start): key figures per municipality.
        from organisations.start import start_pages
        from reporting.start import MANAGER_START

        start_pages.append(MANAGER_START)
