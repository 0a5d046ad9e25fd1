"""Audit events striped over independent chains (core/audit.py).

Existing events and the existing head become chain 0, which hashes exactly as before. The hash
no longer needs a unique index (verification recomputes it). SQLite rebuilds the table for these
changes, which drops its append-only trigger, so the trigger is put back.
"""

import importlib

from django.db import migrations, models

APPEND_ONLY = importlib.import_module("missioncj.core.migrations.0002_audit_append_only")


def restore_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(APPEND_ONLY.SQLITE_DOWN)
        schema_editor.execute(APPEND_ONLY.SQLITE_UP)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_tasks"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditchainhead",
            name="chain",
            field=models.PositiveSmallIntegerField(default=0, unique=True),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="chain",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(max_length=64),
        ),
        migrations.RunPython(restore_trigger, restore_trigger),
    ]
