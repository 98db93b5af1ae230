"""Each pupil's meetings with parents this academic year, kept by pupils.support.services (issue 19).

Filled by 0013; the pupil list's indexes follow in 0014, after the fill, so that filling every
row does not also update them.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pupils", "0011_merge_next_review_due_and_support_facts"),
        ("sendhub", "0008_prepared_download"),
    ]

    operations = [
        migrations.AddField(
            model_name="pupil",
            name="parent_meetings_count",
            field=models.PositiveSmallIntegerField(
                default=0, editable=False, verbose_name="parent meetings in that academic year"
            ),
        ),
        migrations.AddField(
            model_name="pupil",
            name="parent_meetings_year",
            field=models.PositiveSmallIntegerField(
                editable=False,
                help_text="The calendar year in which that academic year began; empty when no meeting is counted",
                null=True,
                verbose_name="academic year of the parent meetings count",
            ),
        ),
    ]
