"""The access log is evidence: the database refuses to change or delete its rows, whoever asks.

TRUNCATE is left to the table's owner (the demo's reset and the test database flush use it);
production runs Opstap as a role that does not own the table (docs/security.md)."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION opstap_accesslog_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Het toegangslog kan alleen worden aangevuld (% geweigerd)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER accesslog_append_only
    BEFORE UPDATE OR DELETE ON clients_accesslog
    FOR EACH ROW EXECUTE FUNCTION opstap_accesslog_append_only();
"""

REVERSE = """
DROP TRIGGER IF EXISTS accesslog_append_only ON clients_accesslog;
DROP FUNCTION IF EXISTS opstap_accesslog_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("clients", "0008_accesslog_logboek_fields")]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
