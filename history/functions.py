"""The two helper functions that every change-history trigger calls, without subtransactions.

pgtrigger's _pgtrigger_should_ignore() and pghistory's _pgh_attach_context() read a session
setting inside BEGIN ... EXCEPTION, which opens a subtransaction on every call, so twice for every
row a trigger records. The end of each subtransaction scans the transaction's queue of deferred
foreign-key checks, which grows with the statement: a COPY of n rows cost O(n^2), and 93% of a
100,000-row import went there (issue 22). current_setting(name, true) returns NULL instead of
raising, so no subtransaction is needed; the results are the same. One difference on purpose:
pgtrigger's `pgtrigger.ignore` setting, which switches named triggers off for a session, is
honoured only for the owner of the tables. Any role may set a setting, so the application role
could otherwise change client data without a history row.

Both packages create their version again when they install (pgtrigger after every migrate), so
history's post_migrate, which runs after theirs, puts these back (HistoryConfig.ready).
"""

from __future__ import annotations

from django.db import connections

SHOULD_IGNORE = """
CREATE OR REPLACE FUNCTION "public"._pgtrigger_should_ignore(trigger_name NAME)
RETURNS BOOLEAN AS $$
    DECLARE
        _pgtrigger_ignore TEXT[];
    BEGIN
        -- NULL when never set in this session, '' after a SET LOCAL has ended.
        _pgtrigger_ignore := NULLIF(current_setting('pgtrigger.ignore', true), '')::text[];
        -- Only the tables' owner (who created this function: migrate) may switch history off,
        -- as seed_demo does for its rows. Any role can set the setting; for the application
        -- role it changes nothing, so every change it makes is recorded.
        IF _pgtrigger_ignore IS NOT NULL AND pg_has_role(
            current_user,
            (SELECT proowner FROM pg_proc
             WHERE oid = '"public"._pgtrigger_should_ignore(name)'::regprocedure),
            'MEMBER'
        ) THEN
            RETURN trigger_name = ANY(_pgtrigger_ignore);
        END IF;
        RETURN FALSE;
    END;
$$ LANGUAGE plpgsql;
"""

ATTACH_CONTEXT = """
CREATE OR REPLACE FUNCTION _pgh_attach_context() RETURNS uuid AS $$
    DECLARE
        _pgh_context_id UUID;
        _pgh_context_metadata JSONB;
    BEGIN
        _pgh_context_id := NULLIF(current_setting('pghistory.context_id', true), '')::uuid;
        _pgh_context_metadata :=
            NULLIF(current_setting('pghistory.context_metadata', true), '')::jsonb;
        IF _pgh_context_id IS NOT NULL AND _pgh_context_metadata IS NOT NULL THEN
            INSERT INTO pghistory_context (id, metadata, created_at, updated_at)
                VALUES (_pgh_context_id, _pgh_context_metadata, NOW(), NOW())
                ON CONFLICT (id) DO UPDATE
                    SET metadata = EXCLUDED.metadata,
                        updated_at = EXCLUDED.updated_at
                    WHERE pghistory_context.metadata != EXCLUDED.metadata;
            RETURN _pgh_context_id;
        END IF;
        RETURN NULL;
    END;
$$ LANGUAGE plpgsql;
"""


def install_trigger_functions(using: str = "default", **kwargs) -> None:
    """post_migrate: replace both functions (idempotent)."""
    with connections[using].cursor() as cursor:
        cursor.execute(SHOULD_IGNORE)
        cursor.execute(ATTACH_CONTEXT)
