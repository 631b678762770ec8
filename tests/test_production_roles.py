"""The application role cannot change evidence (docs/security.md, "Database roles").

The suite runs as the application role (conftest.py); these tests try, as that role, what an
attacker with the application's database login would try against the access log and the change
history, and check that PostgreSQL refuses. The last ones log in as the application role
themselves, so that nothing of the owner's session is left to fall back on."""

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from clients.models import AccessLog, Client
from history.models import ClientEvent
from security.database_roles import append_only_tables, database_owner, history_models
from security.retention import anonymise_client
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

ROLE = settings.OPSTAP_DATABASE_APP_ROLE
HISTORY_TABLE = ClientEvent._meta.db_table
ACCESS_LOG = AccessLog._meta.db_table
REFUSED = r"permission denied|must be owner|insufficient privilege"

ATTACKS = {
    "update access log": f"UPDATE {ACCESS_LOG} SET detail = 'weg'",  # noqa: S608 - fixed names
    "delete access log": f"DELETE FROM {ACCESS_LOG}",  # noqa: S608
    "truncate access log": f"TRUNCATE {ACCESS_LOG}",
    "update history": f"UPDATE {HISTORY_TABLE} SET pgh_label = 'weg'",  # noqa: S608
    "delete history": f"DELETE FROM {HISTORY_TABLE}",  # noqa: S608
    "truncate history": f"TRUNCATE {HISTORY_TABLE}",
    "disable the access log trigger": f"ALTER TABLE {ACCESS_LOG} DISABLE TRIGGER USER",
    "disable the history triggers": "ALTER TABLE clients_client DISABLE TRIGGER ALL",
    "drop the access log trigger": f"DROP TRIGGER accesslog_append_only ON {ACCESS_LOG}",
    "replica mode skips triggers": "SET session_replication_role = replica",
    "create a table": "CREATE TABLE opstap_attack (id int)",
}


def _refused(cursor, sql: str, match: str = REFUSED) -> None:
    with pytest.raises(DatabaseError, match=match), transaction.atomic():
        cursor.execute(sql)


def test_the_suite_runs_as_the_application_role():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (ROLE, False)


@pytest.mark.parametrize("sql", ATTACKS.values(), ids=ATTACKS.keys())
def test_the_application_role_cannot_touch_evidence(sql, consulent):
    client = ClientFactory()
    AccessLog.objects.create(user=consulent, client=client, action="inzage", detail="gezien")
    with connection.cursor() as cursor:
        _refused(cursor, sql)
    assert AccessLog.objects.filter(client=client, detail="gezien").exists()
    assert ClientEvent.objects.filter(pgh_obj=client).exists()


def test_the_application_role_reads_and_appends_to_evidence(consulent):
    client = ClientFactory()
    AccessLog.objects.create(user=consulent, client=client, action="inzage")
    client.last_name = "Anders"
    client.save()
    assert AccessLog.objects.filter(client=client).count() == 1
    assert ClientEvent.objects.filter(pgh_obj=client).count() == 2


def test_evidence_tables_are_append_only_and_the_rest_is_writable():
    """Every history table, and only the evidence, lacks UPDATE, DELETE and TRUNCATE."""
    evidence = set(append_only_tables())
    assert {model._meta.db_table for model in history_models()} < evidence
    assert ACCESS_LOG in evidence
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, has_table_privilege(%s, quote_ident(tablename), 'SELECT, INSERT'),"
            " has_table_privilege(%s, quote_ident(tablename), 'UPDATE'),"
            " has_table_privilege(%s, quote_ident(tablename), 'DELETE'),"
            " has_table_privilege(%s, quote_ident(tablename), 'TRUNCATE')"
            " FROM pg_tables WHERE schemaname = 'public'",
            [ROLE] * 4,
        )
        rights = {table: rest for table, *rest in cursor.fetchall()}
    for table, (read_insert, update, delete, truncate) in rights.items():
        assert read_insert, table
        if table in evidence:
            assert (update, delete, truncate) == (False, False, False), table
        elif table == "pghistory_context":  # who made a change: its triggers upsert it
            assert (update, delete, truncate) == (True, False, False), table
        else:
            assert (update, delete) == (True, True), table
            assert truncate == (table == "reporting_spell"), table


def test_retention_still_erases_an_anonymised_clients_history():
    client = ClientFactory()
    assert ClientEvent.objects.filter(pgh_obj=client).exists()
    anonymise_client(client=Client.objects.get(pk=client.pk))
    assert not ClientEvent.objects.filter(pgh_obj=client).exists()


def test_the_erase_function_refuses_a_client_who_is_not_anonymised():
    client = ClientFactory()
    with connection.cursor() as cursor:
        _refused(cursor, f"SELECT opstap_erase_client_history({client.pk})", "geanonimiseerde")
    assert ClientEvent.objects.filter(pgh_obj=client).exists()


def test_granting_twice_gives_the_same_rights():
    def rights():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, relacl::text FROM pg_class JOIN pg_namespace n "
                "ON n.oid = relnamespace WHERE nspname = 'public' ORDER BY relname"
            )
            return cursor.fetchall()

    before = rights()

    with database_owner():
        call_command("grant_application_role", ROLE, verbosity=0)
    assert rights() == before


def _app_login() -> psycopg.Connection:
    """A connection that logs in as the application role itself (trust authentication, as in
    the embedded server and CI's PostgreSQL)."""
    params = settings.DATABASES["default"]
    return psycopg.connect(
        dbname=params["NAME"],
        user=ROLE,
        host=params.get("HOST") or None,
        port=params.get("PORT") or None,
        autocommit=True,
    )


@pytest.mark.parametrize("sql", ATTACKS.values(), ids=ATTACKS.keys())
def test_logged_in_as_the_application_role_the_attacks_fail(sql):
    with _app_login() as login:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            login.execute(sql)
        # Nor is there an owner to return to.
        login.execute("RESET ROLE")
        assert login.execute("SELECT current_user").fetchone() == (ROLE,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            login.execute(sql)


IGNORE_ALL_HISTORY = (
    "SELECT set_config('pgtrigger.ignore', (SELECT array_agg(tgname::text) FROM pg_trigger "
    "WHERE tgname LIKE 'pgtrigger%%')::text, true)"
)


def _change_with_history_ignored(person) -> int:
    """Set pgtrigger.ignore to every history trigger, change the client, count its updates."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(IGNORE_ALL_HISTORY)
        Client.objects.filter(pk=person.pk).update(last_name="Stil")
    return ClientEvent.objects.filter(pgh_obj_id=person.pk, pgh_label="update").count()


def test_the_application_role_cannot_switch_the_history_off():
    person = ClientFactory()
    assert _change_with_history_ignored(person) == 1
    event = ClientEvent.objects.get(pgh_obj_id=person.pk, pgh_label="update")
    assert event.last_name == "Stil"


def test_the_owner_still_can_for_the_demo_data():
    person = ClientFactory()
    with database_owner():
        assert _change_with_history_ignored(person) == 0


def test_every_migrate_gives_the_application_role_its_rights_again():
    from security.apps import grant_after_migrate

    with database_owner():
        with connection.cursor() as cursor:
            cursor.execute(f"REVOKE SELECT ON clients_contactnote FROM {ROLE}")  # noqa: S608
        grant_after_migrate(plan=[])
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT has_table_privilege(%s, 'clients_contactnote', 'SELECT'), "
                "has_table_privilege(%s, 'clients_accesslog', 'UPDATE')",
                [ROLE, ROLE],
            )
            assert cursor.fetchone() == (True, False)
