"""The pupil list at county and national scale (issue 19).

- `pupil_list_order`: the list's order (Meta.ordering) across many schools, with the school for
  the scope, so a page's keys are read from the index alone.
- `pupil_send_meetings`: "fewer than 3 meetings with parents this year" counted from the index.
- On PostgreSQL only, trigram GIN indexes on the four names as the name search compares them
  (`UPPER(name) LIKE UPPER('%word%')`, Django's icontains), so the search reads only the rows
  that may match. SQLite has no pg_trgm and keeps scanning, which is fine at its sizes.

After the fill (0013), so that filling every row did not also update these indexes.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

NAMES = ["legal_first_name", "legal_last_name", "preferred_first_name", "preferred_last_name"]


def _index(column: str) -> str:
    return f"pupil_{column}_trgm"


def trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in NAMES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{_index(column)}" ON "pupils_pupil" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in NAMES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{_index(column)}"')


class Migration(migrations.Migration):
    dependencies = [("pupils", "0013_fill_parent_meetings_count")]

    operations = [
        migrations.AddIndex(
            model_name="pupil",
            index=models.Index(fields=["legal_last_name", "legal_first_name", "id", "school"], name="pupil_list_order"),
        ),
        migrations.AddIndex(
            model_name="pupil",
            index=models.Index(
                condition=models.Q(("sen_provision__in", ["E", "K"])),
                fields=["school", "parent_meetings_year", "parent_meetings_count"],
                name="pupil_send_meetings",
            ),
        ),
        TrigramExtension(),
        migrations.RunPython(trigram_indexes, drop_trigram_indexes),
    ]
