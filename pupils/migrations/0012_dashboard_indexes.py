"""Indexes for the dashboards at county scale (issues 16 and 19); indexes only, no data changes.

- `pupil_id_school`: the EHC figures count assessments, plans and reviews by their pupil's school;
  the join reads this small index (an index-only scan) instead of every pupil row.
- `review_meeting_plan`: the reviews held in a year (the statutory timescales) and the plans
  reviewed since a date (overdue reviews), from the index alone.
- `review_amended_issued`: the amended plans issued in a year.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("pupils", "0011_merge_next_review_due_and_support_facts")]

    operations = [
        migrations.AddIndex(
            model_name="annualreview",
            index=models.Index(fields=["meeting_on", "plan"], name="review_meeting_plan"),
        ),
        migrations.AddIndex(
            model_name="annualreview",
            index=models.Index(fields=["amended_plan_issued_on"], name="review_amended_issued"),
        ),
        migrations.AddIndex(
            model_name="pupil",
            index=models.Index(fields=["id", "school"], name="pupil_id_school"),
        ),
    ]
