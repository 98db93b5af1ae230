"""Merge the pupil list's, the EHC pages' and the dashboards' migrations (issue 19 and 16).

The EHC pages' `pupil_school_cover` (id INCLUDE school_id) and the dashboards' `pupil_id_school`
(id, school_id) serve the same index-only join from a record to its pupil's school; one is enough,
so the first goes (PostgreSQL only, where it was made).
"""

from django.db import migrations


def drop_duplicate_cover(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS pupil_school_cover")


def restore_cover(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE INDEX IF NOT EXISTS pupil_school_cover ON pupils_pupil (id) INCLUDE (school_id)")


class Migration(migrations.Migration):
    dependencies = [
        ("pupils", "0012_dashboard_indexes"),
        ("pupils", "0013_ehc_timeliness_counts"),
        ("pupils", "0014_pupil_list_indexes"),
    ]

    operations = [migrations.RunPython(drop_duplicate_cover, restore_cover)]
