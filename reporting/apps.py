from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Rapportages"

    def ready(self) -> None:
        # The manager's start page (organisations.start): key figures per municipality.
        from clients.extensions import client_erasures
        from organisations.start import start_pages
        from reporting.as_of import erase_client
        from reporting.start import MANAGER_START

        start_pages.append(MANAGER_START)
        # Retention removes the client's kept rows in the anonymising transaction.
        client_erasures.append(erase_client)
