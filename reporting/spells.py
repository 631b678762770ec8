"""Spells of benefit as rows (reporting_spell), kept by PostgreSQL itself.

A spell is a client's benefit periods in one municipality that follow each other within
OPSTAP_REPORT_RESTART_DAYS (new start − old end ≤ the restart days), with no period of another
municipality between them (the rule is per person); it runs from the first period's start to the
last one's end, with that end's reason (DOMAIN §6). The monthly figures
count spells, so with spells as rows a month's flows are index range counts instead of a window
pass over every period of the municipality.

Statement-level triggers on the benefit periods recompute the spells of every client a statement
touched (insert, update, delete, COPY), in the same transaction, from all of that client's
periods. Each spell also carries the client's columns the breakdowns use (consulent, date of
birth, target-group flags); a trigger on the clients copies changes to them (both tables named
by clients/queries.py, as reporting may read them). Before recomputing, the triggers lock those
clients' rows, so two transactions that change one client's periods recompute one after the
other and the second sees the first's periods.

The restart days the table was built with are in reporting_spellrule; the triggers read them
there. When the setting differs, or the row is missing (a fresh or reset database: the triggers
then do nothing), `ensure_spells` rebuilds the whole table in one statement (17 s for the 1.1M
spells of a million clients). Reports and the drill-down call it before they read.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from clients.queries import BENEFIT_PERIODS, CLIENTS

# The last period of each spell, carrying the spell's start: one window pass over the periods
# of the clients in `{source}` (a row source with a column client_id). The rule is per person
# (DOMAIN §6): a period continues the one before it only when that one, the client's previous
# period in any municipality, is of the same municipality and ended at most {gap} days before.
# A → B → back to A within the days is three spells, so nobody is in two stands on one day.
SPELLS_SELECT = """
SELECT s.client_id, s.municipality_id, s.spell_start, s."end", s.end_reason_id,
       c.consulent_id, c.date_of_birth, c.startkwalificatie, c.statushouder, c.household
FROM (
    SELECT client_id, municipality_id, "end", end_reason_id, continued,
           MAX(CASE WHEN NOT continues THEN start END)
               OVER (PARTITION BY client_id ORDER BY start ROWS UNBOUNDED PRECEDING) AS spell_start
    FROM (
        SELECT bp.client_id, bp.municipality_id, bp.start, bp."end", bp.end_reason_id,
               COALESCE(LAG(bp.municipality_id) OVER w = bp.municipality_id
                        AND bp.start - LAG(bp."end") OVER w <= {gap}, FALSE) AS continues,
               COALESCE(LEAD(bp.municipality_id) OVER w = bp.municipality_id
                        AND LEAD(bp.start) OVER w - bp."end" <= {gap}, FALSE) AS continued
        FROM {periods} bp {source}
        WINDOW w AS (PARTITION BY bp.client_id ORDER BY bp.start)
    ) p
) s
JOIN {clients} c ON c.id = s.client_id
WHERE NOT s.continued
"""


def _spells_select(*, gap: str, source: str) -> str:
    return SPELLS_SELECT.format(gap=gap, source=source, periods=BENEFIT_PERIODS, clients=CLIENTS)


# The client's columns copied onto its spells (for the breakdowns).
CLIENT_COLUMNS = ["consulent_id", "date_of_birth", "startkwalificatie", "statushouder", "household"]
COLUMNS = 'client_id, municipality_id, start, "end", end_reason_id, ' + ", ".join(CLIENT_COLUMNS)

# The spells of the clients whose periods a statement changed, as the trigger computes them.
CHANGED_SPELLS = _spells_select(
    gap="gap", source="JOIN unnest(changed) c(id) ON bp.client_id = c.id"
)

# The trigger function on the periods. Periods never overlap (the constraint
# benefit_no_overlap), so a period without end is its client's last.
PERIOD_TRIGGERS_SQL = f"""
CREATE OR REPLACE FUNCTION reporting_refresh_spells() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    gap integer;
    changed bigint[];
BEGIN
    -- Wait for a rebuild in progress, then read the days it used.
    LOCK TABLE reporting_spell IN ROW EXCLUSIVE MODE;
    SELECT restart_days INTO gap FROM reporting_spellrule WHERE id = 1;
    IF gap IS NULL THEN
        RETURN NULL;  -- never built: the first report builds the whole table
    END IF;
    IF TG_OP = 'INSERT' THEN
        changed := ARRAY(SELECT DISTINCT client_id FROM new_rows ORDER BY 1);
    ELSIF TG_OP = 'DELETE' THEN
        changed := ARRAY(SELECT DISTINCT client_id FROM old_rows ORDER BY 1);
    ELSE
        changed := ARRAY(SELECT client_id FROM old_rows UNION SELECT client_id FROM new_rows
                         ORDER BY 1);
    END IF;
    IF cardinality(changed) = 0 THEN
        RETURN NULL;
    END IF;
    -- One transaction at a time per client; the statements below see what others committed.
    PERFORM 1 FROM {CLIENTS} WHERE id = ANY(changed) ORDER BY id FOR NO KEY UPDATE;
    -- Clients without spells yet (new clients: an import's first load): nothing to compare
    -- with, so the spells go in as they are, without computing them twice to compare.
    IF TG_OP = 'INSERT' AND NOT EXISTS (
        SELECT 1 FROM reporting_spell WHERE client_id = ANY(changed)
    ) THEN
        INSERT INTO reporting_spell ({COLUMNS})
        {CHANGED_SPELLS};
        RETURN NULL;
    END IF;
    -- Only the spells that differ are replaced: the kept states (reporting/as_of.py) change
    -- only with them.
    DELETE FROM reporting_spell s USING (
        SELECT {COLUMNS} FROM reporting_spell WHERE client_id = ANY(changed)
        EXCEPT {CHANGED_SPELLS}
    ) gone
    WHERE s.client_id = gone.client_id AND s.municipality_id = gone.municipality_id
      AND s.start = gone.start;
    INSERT INTO reporting_spell ({COLUMNS})
    {CHANGED_SPELLS}
    EXCEPT SELECT {COLUMNS} FROM reporting_spell WHERE client_id = ANY(changed);
    RETURN NULL;
END
$$;
""" + "".join(  # noqa: S608 - fixed fragments
    f"""
CREATE TRIGGER reporting_spells_{event.lower()} AFTER {event} ON {BENEFIT_PERIODS}
REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION reporting_refresh_spells();
"""
    for event, tables in (
        ("INSERT", "NEW TABLE AS new_rows"),
        ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ("DELETE", "OLD TABLE AS old_rows"),
    )
)
# A change to those columns of clients is copied to their spells, in the same statement.
CLIENT_TRIGGER_SQL = f"""
CREATE OR REPLACE FUNCTION reporting_copy_client_to_spells() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE reporting_spell s
    SET {", ".join(f"{column} = n.{column}" for column in CLIENT_COLUMNS)}
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE s.client_id = n.id
      AND ({", ".join(f"n.{column}" for column in CLIENT_COLUMNS)})
          IS DISTINCT FROM ({", ".join(f"o.{column}" for column in CLIENT_COLUMNS)});
    RETURN NULL;
END
$$;
CREATE TRIGGER reporting_spells_client AFTER UPDATE ON {CLIENTS}
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION reporting_copy_client_to_spells();
"""  # noqa: S608 - fixed fragments
DROP_TRIGGER_SQL = f"""
DROP TRIGGER IF EXISTS reporting_spells_insert ON {BENEFIT_PERIODS};
DROP TRIGGER IF EXISTS reporting_spells_update ON {BENEFIT_PERIODS};
DROP TRIGGER IF EXISTS reporting_spells_delete ON {BENEFIT_PERIODS};
DROP FUNCTION IF EXISTS reporting_refresh_spells();
DROP TRIGGER IF EXISTS reporting_spells_client ON {CLIENTS};
DROP FUNCTION IF EXISTS reporting_copy_client_to_spells();
"""
# Migrations 0002, 0004 and 0007 hold frozen copies (0004: the per-person rule, replacing only
# the spells that differ; 0007: new clients' spells inserted without comparing): a change here
# needs a new migration that runs the new text (CREATE OR REPLACE FUNCTION, DROP and CREATE
# TRIGGER).
TRIGGER_SQL = PERIOD_TRIGGERS_SQL + CLIENT_TRIGGER_SQL
REBUILD_SQL = f"INSERT INTO reporting_spell ({COLUMNS}) " + _spells_select(gap="%(gap)s", source="")


def rebuild_spells() -> None:
    """Rebuild every spell with the setting's restart days, in one transaction. Readers of the
    table wait for it; they never see it half built."""
    gap = settings.OPSTAP_REPORT_RESTART_DAYS
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE reporting_spell")
        cursor.execute(REBUILD_SQL, {"gap": gap})
        cursor.execute(
            "INSERT INTO reporting_spellrule (id, restart_days, built_at) VALUES (1, %s, %s) "
            "ON CONFLICT (id) DO UPDATE SET restart_days = EXCLUDED.restart_days, "
            "built_at = EXCLUDED.built_at",
            [gap, timezone.now()],
        )
        cursor.execute("ANALYZE reporting_spell")


def ensure_spells() -> None:
    """Rebuild the spells when they were built with other restart days than the setting's, or
    never (one query when they are in order)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT restart_days FROM reporting_spellrule WHERE id = 1")
        row = cursor.fetchone()
    if row is None or row[0] != settings.OPSTAP_REPORT_RESTART_DAYS:
        rebuild_spells()
