"""Indexes that every table needs, and none twice."""

import pytest
from django.db import connection

from tests.schema import leading_columns

pytestmark = pytest.mark.django_db


def test_every_foreign_key_starts_an_index():
    """Deleting a client, user or code, and the joins of every page, look rows up by their foreign
    key: each starts an index, its own or a composite one (issue 22 dropped the own index where a
    composite one starts with the column). Without it such a lookup reads the whole table."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.conrelid::regclass::text, a.attname FROM pg_constraint c
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
               WHERE c.contype = 'f'"""
        )
        foreign_keys = set(cursor.fetchall())
    assert foreign_keys - leading_columns() == set()


def test_no_index_of_client_data_is_the_start_of_another():
    """An index on a column that also starts a composite index of the same table is a write on
    every insert (per row of an import) that serves no read the composite one does not."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT a.indexrelid::regclass::text, b.indexrelid::regclass::text
               FROM pg_index a JOIN pg_index b
                 ON a.indrelid = b.indrelid AND a.indexrelid <> b.indexrelid
               JOIN pg_class t ON t.oid = a.indrelid
               JOIN pg_class ai ON ai.oid = a.indexrelid
               JOIN pg_class bi ON bi.oid = b.indexrelid
               WHERE t.relname IN (
                   'clients_client', 'clients_benefitperiod', 'clients_accesslog',
                   'clients_contactnote', 'agenda_appointment', 'contacts_contactdetails',
                   'deadlines_postponement', 'plans_plan', 'trajectories_trajectory',
                   'trajectories_premiumpayment')
                 AND ai.relam = bi.relam AND NOT a.indisunique
                 AND a.indpred IS NULL AND b.indpred IS NULL
                 AND a.indexprs IS NULL AND b.indexprs IS NULL
                 AND a.indnkeyatts < b.indnkeyatts
                 AND (b.indkey::int2[])[0:a.indnkeyatts - 1] = (a.indkey::int2[])[0:a.indnkeyatts - 1]"""
        )
        assert cursor.fetchall() == []
