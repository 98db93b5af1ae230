"""The pupil list at county and national scale (issue 19).

- `parent_meetings_year` and `parent_meetings_count`: meetings with parents this academic year,
  kept by pupils.support.services (filled by 0013), so the list reads a column, not a count.
- `pupil_list_order`: the list's order across many schools; `pupil_send_meetings`: the
  "fewer than 3 meetings" count from the index alone.
- On PostgreSQL only, trigram GIN indexes on the four names as the name search compares them
  (`UPPER(name) LIKE UPPER('%word%')`, Django's icontains), so the search does not read every row.
  SQLite has no pg_trgm and keeps scanning, which is fine at its sizes.
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

    dependencies = [
        ('pupils', '0011_merge_next_review_due_and_support_facts'),
        ('sendhub', '0008_prepared_download'),
    ]

    operations = [
        migrations.AddField(
            model_name='pupil',
            name='parent_meetings_count',
            field=models.PositiveSmallIntegerField(default=0, editable=False, verbose_name='parent meetings in that academic year'),
        ),
        migrations.AddField(
            model_name='pupil',
            name='parent_meetings_year',
            field=models.PositiveSmallIntegerField(editable=False, help_text='The calendar year in which that academic year began; empty when no meeting is counted', null=True, verbose_name='academic year of the parent meetings count'),
        ),
        migrations.AddIndex(
            model_name='pupil',
            index=models.Index(fields=['legal_last_name', 'legal_first_name', 'id', 'school'], name='pupil_list_order'),
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
