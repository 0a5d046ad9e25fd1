"""The database keeps consents, revocations and the accounting of disclosures as written.

An UPDATE of a `privacy_consent`, `privacy_consentrevocation` or `privacy_disclosure` row is
refused on both backends, and a DELETE on PostgreSQL (like the audit table: Django empties an
SQLite test database with row DELETEs, PostgreSQL with TRUNCATE, which fires no row trigger).
A change to a consent is a new consent; its end is a revocation row.

Both refusals are integrity errors (SQLite `RAISE(ABORT)`, PostgreSQL SQLSTATE 23000).
SQLite drops a table's triggers when a later migration rebuilds the table: such a migration
must run `SQLITE_UP` again; `tests/test_guard.py` fails otherwise.
"""

from django.db import migrations

TABLES = ("privacy_consent", "privacy_consentrevocation", "privacy_disclosure")
MESSAGE = "consents, revocations and disclosures are never changed; record a new one"

SQLITE_UP = [
    f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"""
    for table in TABLES
]
SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS {table}_no_update;" for table in TABLES]

POSTGRES_UP = [
    f"""
CREATE OR REPLACE FUNCTION privacy_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""
] + [
    f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION privacy_append_only();"""
    for table in TABLES
]
POSTGRES_DOWN = [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};" for table in TABLES] + [
    "DROP FUNCTION IF EXISTS privacy_append_only();"
]


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        for sql in sql_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
