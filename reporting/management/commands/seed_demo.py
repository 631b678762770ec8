"""Build the demo organisation with users and clients: `manage.py seed_demo --clients 2000`.

Deterministic: the same --seed on the same day gives the same data. Each app contributes its own
builder; this command only orders them (reporting may import every app).
"""

from __future__ import annotations

import time
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from agenda.demo import build_appointments
from agenda.models import AppointmentKind
from approvals.demo import build_approvals
from budgets.demo import build_budgets
from categorisation.demo import build_assessments
from categorisation.models import Category, Unit
from clients.demo import build_clients
from clients.models import BenefitRule, EndReason
from documents.models import DocumentKind
from letters.models import LetterTemplate
from letters.seed import seed_templates
from measures.demo import build_maatregelen
from measures.models import GedragingKind, MaatregelRule
from organisations.demo import DEMO_PASSWORD, ORGANISATION_NAME, build_organisation
from organisations.models import Organisation
from plans.demo import build_plans
from reporting.demo import build_reports
from trajectories.demo import build_trajectories
from trajectories.models import Provider, TrajectoryRule, TrajectoryType

# Tables that hold demo data, emptied by --reset (code tables and roles stay).
DATA_APPS = (
    "clients",
    "organisations",
    "categorisation",
    "trajectories",
    "plans",
    "agenda",
    "approvals",
    "measures",
    "budgets",
    "reporting",
    "history",  # old events would otherwise attach to new rows with the same ids
)
# Code tables (seeded by the apps' data migrations) and organisations stay. Every shared code
# table of the admin (SharedCodeTableAdmin) must be here (tests/test_seed_demo.py checks it).
KEEP_MODELS = (
    EndReason,
    BenefitRule,
    Unit,
    Category,
    Organisation,
    TrajectoryType,
    TrajectoryRule,
    TrajectoryRule.allowed_categories.through,
    Provider,
    AppointmentKind,
    DocumentKind,
    GedragingKind,
    MaatregelRule,
)
CLIENTS_PER_CONSULENT = 120


HISTORY_TRIGGERS = """
SELECT c.oid::regclass::text, t.tgname, pg_has_role(current_user, c.relowner, 'USAGE')
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
WHERE t.tgname LIKE 'pgtrigger%%' AND NOT t.tgisinternal AND t.tgenabled <> 'D'
ORDER BY 1, 2
"""


@contextmanager
def without_history():
    """Load demo rows without change history (history/models.py): nobody changed them. Inside a
    transaction; afterwards history is recorded again for what runs later in it, and a rollback
    undoes all of it by itself.

    The owner of the tables (who runs seed_demo: `make run`, the tests) switches the history
    triggers off for the load with ALTER TABLE ... DISABLE TRIGGER, which holds the tables
    against other writers until the demo commits. A trigger left on still costs every row a
    function call that reads the setting `pgtrigger.ignore` (14 to 20 microseconds a row: at 1M
    clients, 13 million rows, a few minutes of the database's time). Triggers of a table the
    role does not own are switched off through that setting only, as before."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # Fire pending deferred checks: ALTER TABLE refuses a table with pending trigger events.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(HISTORY_TRIGGERS)
        triggers = cursor.fetchall()
        owned = [(table, name) for table, name, owner in triggers if owner]
        for table, name in owned:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {quote(name)}")
        cursor.execute(
            "SELECT set_config('pgtrigger.ignore', %s, true)",
            ["{" + ",".join(name for _table, name, owner in triggers if not owner) + "}"],
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")
        if owned:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table, name in owned:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {quote(name)}")


class Command(BaseCommand):
    help = "Bouwt de demo-organisatie met gebruikers en cliënten (deterministisch)."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=2000, help="aantal cliënten")
        parser.add_argument("--seed", type=int, default=2026, help="startwaarde toevalsgenerator")
        parser.add_argument(
            "--reset", action="store_true", help="bestaande gegevens eerst verwijderen"
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="niets doen als de demo-organisatie al bestaat"
        )

    def handle(self, *args, clients: int, seed: int, reset: bool, if_empty: bool, **options):
        if clients < 0:
            raise CommandError("--clients moet 0 of meer zijn.")
        exists = Organisation.objects.filter(name=ORGANISATION_NAME).exists()
        if exists and if_empty:
            self.stdout.write("De demo-gegevens staan er al.")
            self._print_logins()
            return
        if exists and not reset:
            raise CommandError(
                "De demo-organisatie bestaat al. Gebruik --reset om opnieuw te beginnen."
            )
        started = time.monotonic()
        with transaction.atomic():
            with connection.cursor() as cursor:
                # Index and constraint builds after COPY go faster with more memory.
                cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            with without_history():
                if reset:
                    self._truncate()
                consulenten = [
                    max(1, round(clients * share / 100 / CLIENTS_PER_CONSULENT))
                    for share in (74, 14, 12)
                ]
                people = build_organisation(consulenten_per_municipality=consulenten)
                seed_templates(LetterTemplate, people.organisation.pk)
                counts = self._timed("cliënten", build_clients, people, count=clients, seed=seed)
                counts |= self._timed("categorisering", build_assessments, seed=seed)
                counts |= self._timed("trajecten", build_trajectories, seed=seed)
                counts |= self._timed("plannen", build_plans, seed=seed)
                counts |= self._timed("afspraken", build_appointments, seed=seed)
                counts |= self._timed("vier-ogen", build_approvals, seed=seed)
                counts |= self._timed("maatregelen", build_maatregelen, seed=seed)
                counts |= self._timed("begroting", build_budgets, seed=seed)
                counts |= self._timed("maandrapportages", build_reports, seed=seed)
        with connection.cursor() as cursor:
            # VACUUM sets the visibility map, so index-only scans work from the start; it cannot
            # run inside a transaction (as when called from a test), where ANALYZE must do.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo gebouwd in {elapsed:.1f} s: "
                + ", ".join(f"{count} {name}" for name, count in counts.items())
            )
        )
        self._print_logins(people.logins)

    def _timed(self, label: str, builder, *args, **kwargs) -> dict[str, int]:
        started = time.monotonic()
        counts = builder(*args, **kwargs)
        self.stdout.write(f"  {label}: {time.monotonic() - started:.1f} s")
        return counts

    def _truncate(self) -> None:
        """Empty the data tables fast. The organisation row itself is deleted, not truncated:
        TRUNCATE ... CASCADE would also empty code tables that point at organisations."""
        from django.apps import apps

        tables = [
            model._meta.db_table
            for app in DATA_APPS
            for model in apps.get_app_config(app).get_models(include_auto_created=True)
            if model not in KEEP_MODELS
        ]
        tables += ["django_admin_log", "django_session"]
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # fire pending FK checks first
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        Organisation.objects.filter(name=ORGANISATION_NAME).delete()

    def _print_logins(self, logins=None) -> None:
        from organisations.models import User

        if logins is None:
            logins = [
                (u.username, ", ".join(u.groups.values_list("name", flat=True)))
                for u in User.objects.filter(
                    username__in=[
                        "consulent.lv",
                        "consulent.wassenaar",
                        "consulent.voorschoten",
                        "manager",
                        "manager.wassenaar",
                        "teamleider",
                        "beheerder",
                    ]
                )
            ]
        self.stdout.write(f"\nDemo-inloggegevens (wachtwoord voor allen: {DEMO_PASSWORD}):")
        for username, description in logins:
            self.stdout.write(f"  {username:<24} {description}")
