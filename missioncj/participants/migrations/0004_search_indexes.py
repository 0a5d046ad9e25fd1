# Indexes for name and identifier search, written by hand (they differ by database).

from django.db import migrations

from missioncj.participants import search_index


def create_search_indexes(apps, schema_editor):
    search_index.create(schema_editor.connection)


def drop_search_indexes(apps, schema_editor):
    search_index.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0003_duplicate_search"),
    ]

    operations = [
        # NOCASE indexes on SQLite, UPPER(col) text_pattern_ops on PostgreSQL.
        migrations.RunPython(create_search_indexes, drop_search_indexes, elidable=False),
    ]
