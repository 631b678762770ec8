"""The data a report version was built from, kept so that its drill-down lists who was counted
then, not who would be counted today (DOMAIN §6), and so that a later correction of a definitief
month is noticed (services.ensure_monthly_reports).

Three tables keep every state of the rows the figures read: spells (reporting_keptspell), the
assessments not withdrawn (reporting_keptassessment) and trajectories (reporting_kepttrajectory).
Statement-level triggers write them in the transaction that changes the source: a new state gets
that transaction's id and the next number of a sequence (created_xid, created_seq), a state that
ends gets them as deleted_xid and deleted_seq. Only the columns the figures read are kept, and a
change that leaves them alone (a trajectory's status, a spell recomputed unchanged) writes
nothing.

A build stores PostgreSQL's snapshot of its transaction, the transaction's own id (a snapshot
does not count its own transaction as visible) and then takes a number from the same sequence
(the mark). A kept row was visible to the build when its creating transaction is the build's own
or visible in the snapshot, and its number is not above the mark (which tells apart what the
build's own transaction did after it, as in a test), and it was not yet gone by the same test on
its deletion. Rows of transactions still running when the build started are invisible to the
snapshot whatever their number.
"""

from __future__ import annotations

from datetime import date

from django.db import connection

from categorisation.models import Assessment
from trajectories.queries import TRAJECTORIES

SEQUENCE = "reporting_kept_seq"


def _keeper(*, name: str, source: str, kept: str, key: list[str], columns: list[str],
            keep: str = "TRUE", kept_key: list[str] | None = None) -> str:  # fmt: skip
    """A trigger function that keeps the states of `source`'s rows (the columns, rows meeting
    `keep`) in `kept`, and its insert, update, delete and truncate triggers. `kept_key` names the
    key's columns in `kept` where they differ from the source's (an id kept as assessment_id)."""
    kept_key = kept_key or key
    all_columns = ", ".join([*kept_key, *columns])
    row = lambda alias: ", ".join(f"{alias}.{c}" for c in [*key, *columns])  # noqa: E731
    same_key = " AND ".join(f"k.{k} = o.{c}" for k, c in zip(kept_key, key, strict=True))
    # The rows that changed are found first, on their own (a materialised CTE) and with the key's
    # equality, so PostgreSQL hashes the transition tables against each other. Joined with the
    # kept rows in one statement, it guessed one row and compared every old row with every new
    # one: quadratic, 7.6 s in the spells' trigger when 5,000 clients were handed over at 1M.
    same_row = lambda this: " AND ".join(f"x.{c} = {this}.{c}" for c in key)  # noqa: E731
    differs = f"NOT EXISTS (SELECT 1 FROM {{other}} x WHERE {{same}} AND ({row('x')}) IS NOT DISTINCT FROM ({{this}}) AND {keep.replace('{row}', 'x')})"  # noqa: S608  # fmt: skip
    keep_new = keep.replace("{row}", "n")
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    xid xid8 := pg_current_xact_id();
    seq bigint := nextval('{SEQUENCE}');
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        UPDATE {kept} SET deleted_xid = xid, deleted_seq = seq WHERE deleted_xid IS NULL;
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO {kept} ({all_columns}, created_xid, created_seq)
        SELECT {row("n")}, xid, seq FROM new_rows n WHERE {keep_new};
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE {kept} k SET deleted_xid = xid, deleted_seq = seq
        FROM old_rows o WHERE {same_key} AND k.deleted_xid IS NULL;
    ELSE
        WITH changed AS MATERIALIZED (
            SELECT o.* FROM old_rows o
            WHERE {differs.format(other="new_rows", same=same_row("o"), this=row("o"))}
        )
        UPDATE {kept} k SET deleted_xid = xid, deleted_seq = seq
        FROM changed o
        WHERE {same_key} AND k.deleted_xid IS NULL;
        INSERT INTO {kept} ({all_columns}, created_xid, created_seq)
        SELECT {row("n")}, xid, seq FROM new_rows n
        WHERE {keep_new} AND {differs.format(other="old_rows", same=same_row("n"), this=row("n"))};
    END IF;
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS {name}_insert ON {source};
DROP TRIGGER IF EXISTS {name}_update ON {source};
DROP TRIGGER IF EXISTS {name}_delete ON {source};
DROP TRIGGER IF EXISTS {name}_truncate ON {source};
CREATE TRIGGER {name}_insert AFTER INSERT ON {source} REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {name}();
CREATE TRIGGER {name}_update AFTER UPDATE ON {source}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {name}();
CREATE TRIGGER {name}_delete AFTER DELETE ON {source} REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {name}();
CREATE TRIGGER {name}_truncate AFTER TRUNCATE ON {source}
    FOR EACH STATEMENT EXECUTE FUNCTION {name}();
"""  # noqa: S608 - fixed names


ASSESSMENTS_TABLE = Assessment._meta.db_table
SPELL_COLUMNS = ['"end"', "end_reason_id", "consulent_id", "date_of_birth", "startkwalificatie",
                 "statushouder", "household"]  # fmt: skip
KEEPERS = {
    "reporting_keep_spells": _keeper(
        name="reporting_keep_spells", source="reporting_spell", kept="reporting_keptspell",
        key=["client_id", "municipality_id", "start"], columns=SPELL_COLUMNS,
    ),
    "reporting_keep_assessments": _keeper(
        name="reporting_keep_assessments", source=ASSESSMENTS_TABLE,
        kept="reporting_keptassessment", key=["id"], kept_key=["assessment_id"],
        columns=["client_id", "category_id", "date", "valid_until"],
        keep="{row}.withdrawn_at IS NULL",
    ),
    "reporting_keep_trajectories": _keeper(
        name="reporting_keep_trajectories", source=TRAJECTORIES, kept="reporting_kepttrajectory",
        key=["id"], kept_key=["trajectory_id"],
        columns=["client_id", "municipality_id", "type_id", "actual_start", "actual_end", "outcome"],
    ),
}  # fmt: skip
KEEPERS_SQL = f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE};\n" + "".join(KEEPERS.values())
DROP_KEEPERS_SQL = (
    "".join(f"DROP FUNCTION IF EXISTS {name}() CASCADE;\n" for name in KEEPERS)
    + f"DROP SEQUENCE IF EXISTS {SEQUENCE};"
)
# What is there now, kept once when the tables are made.
FILL_SQL = f"""
INSERT INTO reporting_keptspell (client_id, municipality_id, start, {", ".join(SPELL_COLUMNS)},
                                 created_xid, created_seq)
SELECT client_id, municipality_id, start, {", ".join(SPELL_COLUMNS)}, pg_current_xact_id(),
       nextval('{SEQUENCE}') FROM reporting_spell;
INSERT INTO reporting_keptassessment (assessment_id, client_id, category_id, date, valid_until,
                                      created_xid, created_seq)
SELECT id, client_id, category_id, date, valid_until, pg_current_xact_id(), nextval('{SEQUENCE}')
FROM {ASSESSMENTS_TABLE} WHERE withdrawn_at IS NULL;
INSERT INTO reporting_kepttrajectory (trajectory_id, client_id, municipality_id, type_id,
                                      actual_start, actual_end, outcome, created_xid, created_seq)
SELECT id, client_id, municipality_id, type_id, actual_start, actual_end, outcome,
       pg_current_xact_id(), nextval('{SEQUENCE}') FROM {TRAJECTORIES};
"""  # noqa: S608 - fixed names


# The build a kept row is compared with: its transaction id, snapshot, the snapshot's xmin and
# mark, as parameters (one version) or as a version's columns (every version, `prune_sql`).
PARAMETERS = ("%(xid)s::xid8", "%(snapshot)s::pg_snapshot", "%(xmin)s::xid8", "%(mark)s")


def seen(alias: str, *, deleted: bool = False, build: tuple[str, ...] = PARAMETERS) -> str:
    """The kept row `alias` was created (or, with deleted, removed) before the build whose
    transaction id, snapshot, xmin and mark are `build` (the parameters unless told).

    A transaction below the snapshot's xmin is visible to it (a kept row's transaction has
    committed: an aborted one leaves no row), so that test comes first: it needs no function
    call for most rows, and PostgreSQL estimates it from the column's statistics, where it
    takes a pg_visible_in_snapshot call to pass a third of the rows (a list of 552,000 rows
    was planned as 900, with a nested loop per row into the user's scope)."""
    xid, seq = ("deleted_xid", "deleted_seq") if deleted else ("created_xid", "created_seq")
    own, snapshot, xmin, mark = build
    return (
        f"(({alias}.{xid} < {xmin} OR {alias}.{xid} = {own} "
        f"OR pg_visible_in_snapshot({alias}.{xid}, {snapshot})) "
        f"AND {alias}.{seq} <= {mark})"
    )


def visible(alias: str, build: tuple[str, ...] = PARAMETERS) -> str:
    """The kept row was the state of its row for the build: seen created, and still there
    (never deleted, or its deletion not seen)."""
    return (
        f"({seen(alias, build=build)} "
        f"AND ({alias}.deleted_xid IS NULL OR NOT {seen(alias, deleted=True, build=build)}))"
    )


# The tables as a version's build saw them, in place of the tables themselves.
SPELLS_AS_OF = f"(SELECT * FROM reporting_keptspell k WHERE {visible('k')})"  # noqa: S608
ASSESSMENTS_AS_OF = (
    "(SELECT assessment_id AS id, client_id, category_id, date, valid_until "  # noqa: S608
    f"FROM reporting_keptassessment k WHERE {visible('k')})"
)
TRAJECTORIES_AS_OF = (
    "(SELECT trajectory_id AS id, client_id, municipality_id, type_id, actual_start, "  # noqa: S608
    f"actual_end, outcome FROM reporting_kepttrajectory k WHERE {visible('k')})"
)


def seen_by(version) -> dict:
    """The parameters of `seen` and `visible` for a version."""
    xmin = version.snapshot.split(":")[0]
    return {
        "snapshot": version.snapshot,
        "xmin": xmin,
        "mark": version.mark,
        "xid": str(version.xid),
    }


def take_snapshot() -> dict:
    """The snapshot of the build's transaction, its id and a mark after everything it did, as
    a version stores them: call it at the end of the build, in its transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT pg_current_snapshot()::text, nextval('{SEQUENCE}'), pg_current_xact_id()::text"
        )
        snapshot, mark, xid = cursor.fetchone()
    return {"snapshot": snapshot, "mark": mark, "xid": xid}


# Has what a month's figures read changed since a version was built? The kept rows touched by
# transactions the build may not have seen (from its snapshot's xmin on) give what it saw and
# what is there now; each is projected onto what the month reads, and the two compared. Spells
# that matter: started before the month's end and not ended a year before it (herinstroom looks
# back twelve months, the year-to-date figures to 1 January); of them the start, and the end and
# its reason when it lies before the day after the month (a later end looks the same to the
# month). Assessments: the category of each client on the month's last day. Changes to the
# client's columns copied onto spells (consulent, date of birth) are no correction with a date
# and are not looked at.
_TOUCHED = (
    "(k.created_xid >= pg_snapshot_xmin(%(snapshot)s::pg_snapshot) "
    "OR k.deleted_xid >= pg_snapshot_xmin(%(snapshot)s::pg_snapshot))"
)
_THEN_AND_NOW = """
WITH touched AS (
    SELECT k.*, {visible} AS was, k.deleted_xid IS NULL AS is_now
    FROM {kept} k WHERE {where} AND {touched}
), projected AS (
    SELECT was, is_now, {projection} FROM touched WHERE was <> is_now AND {relevant}
)
SELECT EXISTS (
    (SELECT {columns} FROM projected WHERE was EXCEPT ALL SELECT {columns} FROM projected WHERE is_now)
    UNION ALL
    (SELECT {columns} FROM projected WHERE is_now EXCEPT ALL SELECT {columns} FROM projected WHERE was)
)"""
CHANGED_SPELLS_SQL = _THEN_AND_NOW.format(
    visible=visible("k"),
    kept="reporting_keptspell",
    where="k.municipality_id = %(municipality)s",
    touched=_TOUCHED,
    projection='client_id, start, CASE WHEN "end" < %(after)s THEN "end" END AS ended, '
    'CASE WHEN "end" < %(after)s THEN end_reason_id END AS reason',
    relevant='start < %(after)s AND ("end" IS NULL OR "end" >= %(year_before)s)',
    columns="client_id, start, ended, reason",
)
CHANGED_ASSESSMENTS_SQL = _THEN_AND_NOW.format(
    visible=visible("k"),
    kept="reporting_keptassessment",
    where="k.client_id IN (SELECT client_id FROM reporting_spell WHERE municipality_id = %(municipality)s)",
    touched=_TOUCHED,
    projection="client_id, category_id",
    relevant="date < %(after)s AND (valid_until IS NULL OR valid_until >= %(after)s)",
    columns="client_id, category_id",
)


def changed_since(*, version, municipality_id: int, first: date, after: date) -> bool:
    """Whether the benefit periods (as spells) or assessments a month's figures read differ from
    what the version with this snapshot and mark saw."""
    from core.dates import add_months

    params = {**seen_by(version), "municipality": municipality_id,
              "after": after, "year_before": add_months(first, -12)}  # fmt: skip
    with connection.cursor() as cursor:
        for sql in (CHANGED_SPELLS_SQL, CHANGED_ASSESSMENTS_SQL):
            cursor.execute(sql, params)
            if cursor.fetchone()[0]:
                return True
    return False


# Retention and pruning. The kept tables, each with whether its rows belong to a municipality
# (a version reads only its own municipality's spells and trajectories, every client's
# assessments).
KEPT_TABLES = {
    "reporting_keptspell": True,
    "reporting_keptassessment": False,
    "reporting_kepttrajectory": True,
}


def erase_client(client_id: int) -> int:
    """Retention (security/retention.py, through clients.extensions.client_erasures, in the
    anonymising transaction, after it): every kept state of the client goes, in all three
    tables. The figures of every version stay as they were built (they are stored numbers); a
    drill-down no longer lists the client's rows and says how many rows of its figure are not
    listed because of the bewaartermijn (docs/reporting.md, *Retention*). Returns how many
    rows went."""
    removed = 0
    with connection.cursor() as cursor:
        for table in KEPT_TABLES:
            cursor.execute(f"DELETE FROM {table} WHERE client_id = %s", [client_id])  # noqa: S608  # nosec B608 - fixed names
            removed += cursor.rowcount
    return removed


# No transaction still running in this database can hold a snapshot that sees a transaction
# below this as running: a snapshot sees as running only transactions at or above its xmin, and
# a session's backend_xmin is the xmin of the snapshot it holds (pg_stat_activity; xid8 through
# age()). This transaction itself stores no version and is left out, and so are other
# databases' sessions: their transactions write no kept rows (their old xids still hold back
# every snapshot's xmin, which only makes this later).
_HORIZON = """(SELECT (pg_current_xact_id()::text::bigint - COALESCE(
    (SELECT MAX(GREATEST(age(backend_xmin), age(backend_xid))) FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid()),
    0))::text::xid8)"""
_VERSION = (
    "v.xid",
    "v.snapshot::pg_snapshot",
    "pg_snapshot_xmin(v.snapshot::pg_snapshot)",
    "v.mark",
)


def prune_sql(table: str, per_municipality: bool) -> str:
    """Closed states (deleted_xid set) that no version with a snapshot saw as the state of its
    row, closed by a transaction older than every running one: no version reads them and none
    built later can (a later snapshot sees the closing transaction)."""
    mine = "AND r.municipality_id = k.municipality_id" if per_municipality else ""
    return f"""
DELETE FROM {table} k
WHERE k.deleted_xid IS NOT NULL AND k.deleted_xid < {_HORIZON}
  AND NOT EXISTS (
    SELECT 1 FROM reporting_reportversion v JOIN reporting_reportrun r ON r.id = v.run_id
    WHERE v.snapshot <> '' {mine} AND {visible("k", _VERSION)}
)"""  # noqa: S608 - fixed names


def prune_kept_rows() -> int:
    """Remove the kept states no version can need (prune_sql); run daily by beat
    (services.ensure_monthly_reports). Returns how many rows went."""
    removed = 0
    with connection.cursor() as cursor:
        for table, per_municipality in KEPT_TABLES.items():
            cursor.execute(prune_sql(table, per_municipality))
            removed += cursor.rowcount
    return removed
