"""`manage.py grant_application_role [ROLE]`: run as the tables' owner after every migrate."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from security.database_roles import RoleError, grant_application_role


class Command(BaseCommand):
    help = (
        "Geeft de applicatierol precies haar rechten (docs/security.md): lezen en schrijven, "
        "maar het toegangslog en de wijzigingsgeschiedenis alleen lezen en aanvullen. "
        "Draai dit als eigenaar na elke migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "role",
            nargs="?",
            default=None,
            help="de applicatierol (standaard DATABASE_APP_ROLE)",
        )
        parser.add_argument(
            "--no-create",
            action="store_true",
            help="de rol niet aanmaken als hij ontbreekt, maar stoppen",
        )

    def handle(self, *args, role: str | None, no_create: bool, **options):
        role = role or settings.OPSTAP_DATABASE_APP_ROLE
        if not role:
            raise CommandError(
                "Geen applicatierol: geef hem op, of zet DATABASE_APP_ROLE (README, Configuratie)."
            )
        try:
            grant_application_role(role, create=not no_create)
        except RoleError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Rechten van databaserol {role} gezet."))
