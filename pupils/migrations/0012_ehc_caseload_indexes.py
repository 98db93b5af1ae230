"""An index for the LA's EHC pages at county scale (issue 19).

pupil_school_cover (PostgreSQL only, outside Django's model state: the Pupil model is the records
app's): every list and count scoped to a local authority joins its rows to pupils for their school;
with the school in the primary-key index the join reads the index alone, and the planner takes a
nested loop over the rows found instead of reading every pupil of the county.
"""

from django.db import migrations

PUPIL_COVER = "pupil_school_cover"


def create_pupil_cover(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {PUPIL_COVER} ON pupils_pupil (id) INCLUDE (school_id)")


def drop_pupil_cover(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {PUPIL_COVER}")


class Migration(migrations.Migration):
    dependencies = [
        ("pupils", "0011_merge_next_review_due_and_support_facts"),
    ]

    operations = [
        migrations.RunPython(create_pupil_cover, drop_pupil_cover, elidable=False),
    ]
