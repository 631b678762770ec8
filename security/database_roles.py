"""Two database roles: the owner, who runs `migrate`, and the application role, that the web
server, the Celery worker and beat log in as (docs/security.md, "Database roles").

The application role may read and write the ordinary tables, but only SELECT and INSERT on the
access log (`clients_accesslog`) and on the change-history tables (`history_*`): it can neither
change, delete nor TRUNCATE evidence, nor switch the triggers off (that needs the owner or a
superuser). The one deletion of history that Opstap does, when retention anonymises a client,
goes through `opstap_erase_client_history(client)`, a function owned by the owner that deletes
only the history of a client who has been anonymised.

`grant_application_role` applies all of it. It is run by the owner after every `migrate`
(bin/production, docker-compose.yml, `make run`, the test set-up) and is safe to run again: it
revokes every table right first and grants the list below, in one transaction.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from django.apps import apps
from django.db import DatabaseError, connection, connections, models, transaction

ERASE_FUNCTION = "opstap_erase_client_history"
# A table the application empties and rebuilds (reporting/spells.py, rebuild_spells).
TRUNCATED_BY_APPLICATION = ["reporting_spell"]
# pghistory's context (who and which URL made a change): its triggers insert and update it.
HISTORY_CONTEXT_TABLE = "pghistory_context"
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class RoleError(Exception):
    pass


def _role_name(role: str) -> str:
    if not ROLE_NAME.match(role):
        raise RoleError(f"Ongeldige rolnaam {role!r}: kleine letters, cijfers en _.")
    return connection.ops.quote_name(role)


def history_models() -> list[type[models.Model]]:
    """The change-history event models (history/models.py)."""
    return list(apps.get_app_config("history").get_models())


def append_only_tables() -> list[str]:
    """Tables the application role may only read and append to."""
    from clients.models import AccessLog

    return [AccessLog._meta.db_table, *(model._meta.db_table for model in history_models())]


def role_exists(role: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        return cursor.fetchone() is not None


def ensure_role(role: str) -> bool:
    """Create the application role (LOGIN, nothing else) if it does not exist and the connected
    role may create roles; True if it was created. Roles belong to the whole cluster, and several
    test runs may share one: a concurrent creation is no error."""
    name = _role_name(role)
    if role_exists(role):
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
        )
        if not cursor.fetchone()[0]:
            raise RoleError(
                f"De databaserol {role} bestaat niet, en {connection.settings_dict['USER']} mag "
                "geen rollen aanmaken. Maak hem aan (CREATE ROLE ... LOGIN PASSWORD ...)."
            )
        cursor.execute(
            f"DO $$ BEGIN CREATE ROLE {name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE; "
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        )
    return True


def _erase_function_sql(role: str) -> str:
    """The SECURITY DEFINER function retention uses to delete an anonymised client's history,
    with one DELETE per event table, built from the same model graph retention walks."""
    from clients.avg import client_paths
    from clients.models import Client
    from security.retention import ANONYMISED

    sentinel = 987654321
    deletes = []
    for model, path in client_paths().items():
        if model._meta.app_label != "history":
            continue
        select, params = (
            model._base_manager.filter(**{path: sentinel}).values("pk").query.sql_with_params()
        )
        if list(params) != [sentinel]:  # pragma: no cover - a path with more than the client
            raise RoleError(f"Onverwachte parameters voor {model._meta.label}: {params}")
        table = connection.ops.quote_name(model._meta.db_table)
        pk = connection.ops.quote_name(model._meta.pk.column)
        select = select.replace("%s", "$1")
        deletes.append(f"DELETE FROM {table} WHERE {pk} IN ({select});")  # noqa: S608 - see below
    clients = connection.ops.quote_name(Client._meta.db_table)
    body = "\n    ".join(deletes)
    return f"""
CREATE OR REPLACE FUNCTION {ERASE_FUNCTION}(bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM {clients} WHERE id = $1 AND first_names = '{ANONYMISED}') THEN
        RAISE EXCEPTION 'Alleen de geschiedenis van een geanonimiseerde cliënt kan weg (%)', $1
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    {body}
END
$fn$;
REVOKE ALL ON FUNCTION {ERASE_FUNCTION}(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION {ERASE_FUNCTION}(bigint) TO {_role_name(role)};
"""  # noqa: S608 - quoted names of Opstap's own tables; the client id is the function's $1


def grant_statements(role: str) -> list[str]:
    name = _role_name(role)
    database = connection.ops.quote_name(connection.settings_dict["NAME"])
    append_only = ", ".join(connection.ops.quote_name(t) for t in append_only_tables())
    truncated = ", ".join(connection.ops.quote_name(t) for t in TRUNCATED_BY_APPLICATION)
    context = connection.ops.quote_name(HISTORY_CONTEXT_TABLE)
    return [
        f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {name}",
        f"GRANT USAGE ON SCHEMA public TO {name}",
        # Start from nothing, so that a right taken away here does not linger.
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {name}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {name}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {name}",
        # UPDATE: setval, for loads that bring their own ids (organisations/bulk.py: the demo
        # and benchmark data, tests that place ids). Moving a sequence changes no row.
        f"GRANT USAGE, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {name}",
        f"REVOKE UPDATE, DELETE ON {append_only} FROM {name}",
        f"REVOKE DELETE ON {context} FROM {name}",
        f"GRANT TRUNCATE ON {truncated} TO {name}",
        # Tables a later migrate creates: the same as the ordinary ones until this runs again.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {name}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, UPDATE ON SEQUENCES TO {name}",
        _erase_function_sql(role),
    ]


def grant_application_role(role: str, *, create: bool = True) -> None:
    """Give `role` exactly the application's rights on this database (see the module)."""
    if create:
        ensure_role(role)
    elif not role_exists(role):
        raise RoleError(f"De databaserol {role} bestaat niet.")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        if cursor.fetchone()[0] == role:
            raise RoleError(
                f"Verbonden als {role} zelf: draai dit als de eigenaar van de tabellen."
            )
        for statement in grant_statements(role):
            cursor.execute(statement)


def erase_client_history(client_id: int) -> None:
    """Delete an anonymised client's change history (security/retention.py), through the
    owner's function where the grants are in place (the application role cannot DELETE from
    the history tables); directly where one role owns and runs everything."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regprocedure(%s) IS NOT NULL", [f"{ERASE_FUNCTION}(bigint)"])
        if cursor.fetchone()[0]:
            cursor.execute(f"SELECT {ERASE_FUNCTION}(%s)", [client_id])
            return
    from clients.avg import client_paths

    for model, path in client_paths().items():
        if model._meta.app_label == "history":
            model._base_manager.filter(**{path: client_id}).delete()


@contextmanager
def database_owner(using: str = "default"):
    """Run a block as the tables' owner on a connection that logs in as the owner and takes on
    the application role (Django's `assume_role`; the tests, conftest.py): for what the owner
    does outside the application (the test database's flush, the demo data). Does nothing on a
    connection that logs in as the application role itself, as in production."""
    connection = connections[using]
    role = connection.settings_dict["OPTIONS"].get("assume_role")
    if not role:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute(connection.ops.compose_sql("SET ROLE %s", [role]))
        except DatabaseError:
            # A failed transaction: rolling it back takes the role back as well.
            pass
