"""Make the audit table append-only in the database itself, not only in the ORM.

PostgreSQL refuses UPDATE and DELETE of a row. SQLite refuses UPDATE; its DELETE stays
possible because Django's test flush empties tables with DELETE (PostgreSQL uses TRUNCATE,
which row triggers do not see, so retention purges there are a deliberate TRUNCATE or
partition drop by the database owner).
"""

from django.db import migrations

PG_UP = """
CREATE OR REPLACE FUNCTION sendhub_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER sendhub_auditevent_append_only
    BEFORE UPDATE OR DELETE ON sendhub_auditevent
    FOR EACH ROW EXECUTE FUNCTION sendhub_audit_append_only();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS sendhub_auditevent_append_only ON sendhub_auditevent;
DROP FUNCTION IF EXISTS sendhub_audit_append_only();
"""
SQLITE_UP = """
CREATE TRIGGER sendhub_auditevent_append_only BEFORE UPDATE ON sendhub_auditevent
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS sendhub_auditevent_append_only;"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_UP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DOWN)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("sendhub", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
