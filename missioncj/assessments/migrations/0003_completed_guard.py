"""The database itself keeps completed assessments and instrument versions as they were written.

- An `assessments_administration` row whose stored status is `completed` cannot be updated
  (on both backends) or deleted (on PostgreSQL, like the audit table: Django empties an SQLite
  test database with row DELETEs, PostgreSQL with TRUNCATE, which fires no row trigger). Drafts stay editable and deletable, and completing a draft (status `draft` becoming
  `completed`) is an update of a draft, so it is allowed. A change to a completed assessment is
  a correction: a new administration that `corrects` it.
- An `assessments_instrumentversion` row keeps its `definition` and `digest`; other columns
  (`is_current` above all) stay changeable. Saving a version with unchanged values passes.

Both refusals are integrity errors (SQLite `RAISE(ABORT)`, PostgreSQL SQLSTATE 23000), so Django
raises `IntegrityError` on either backend.

SQLite drops a table's triggers when a later migration rebuilds the table (most `AlterField`s
do): such a migration must run `SQLITE_UP` again; `tests/test_guard.py` fails otherwise.
"""

from django.db import migrations

MESSAGE_COMPLETED = "a completed assessment cannot change; record a correction"
MESSAGE_VERSION = "an instrument version is never edited; publish a new version"

# SQLite runs one statement per call, so these are lists.
SQLITE_UP = [
    f"""CREATE TRIGGER assessments_administration_completed_no_update
    BEFORE UPDATE ON assessments_administration
    WHEN OLD.status = 'completed'
    BEGIN SELECT RAISE(ABORT, '{MESSAGE_COMPLETED}'); END;""",
    f"""CREATE TRIGGER assessments_instrumentversion_frozen
    BEFORE UPDATE ON assessments_instrumentversion
    WHEN NEW.definition IS NOT OLD.definition OR NEW.digest IS NOT OLD.digest
    BEGIN SELECT RAISE(ABORT, '{MESSAGE_VERSION}'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS assessments_administration_completed_no_update;",
    "DROP TRIGGER IF EXISTS assessments_instrumentversion_frozen;",
]

POSTGRES_UP = [
    f"""
CREATE OR REPLACE FUNCTION assessments_administration_completed_guard() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'completed' THEN
        RAISE EXCEPTION '{MESSAGE_COMPLETED}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER assessments_administration_completed_guard
BEFORE UPDATE OR DELETE ON assessments_administration
FOR EACH ROW EXECUTE FUNCTION assessments_administration_completed_guard();

CREATE OR REPLACE FUNCTION assessments_instrumentversion_frozen() RETURNS trigger AS $$
BEGIN
    IF NEW.definition IS DISTINCT FROM OLD.definition OR NEW.digest IS DISTINCT FROM OLD.digest
    THEN
        RAISE EXCEPTION '{MESSAGE_VERSION}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER assessments_instrumentversion_frozen
BEFORE UPDATE ON assessments_instrumentversion
FOR EACH ROW EXECUTE FUNCTION assessments_instrumentversion_frozen();
"""
]
POSTGRES_DOWN = [
    """
DROP TRIGGER IF EXISTS assessments_administration_completed_guard ON assessments_administration;
DROP FUNCTION IF EXISTS assessments_administration_completed_guard();
DROP TRIGGER IF EXISTS assessments_instrumentversion_frozen ON assessments_instrumentversion;
DROP FUNCTION IF EXISTS assessments_instrumentversion_frozen();
"""
]


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        for sql in sql_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_schedules")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
