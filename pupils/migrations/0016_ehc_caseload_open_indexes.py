"""Two partial indexes on the open EHC assessments for the caseload at county scale (issue 19).

assessment_open_pupil (pupil, decision): the caseload's exact count reads the open assessments' pupils
from the index alone. assessment_open_officer (case_officer, pupil, decision): the case-officer filter's
choices read the officers named on open assessments from the index, then one open assessment of each.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("hubs", "0003_gias_import"),
        ("pupils", "0015_merge_list_ehc_dashboard_indexes"),
        ("sendhub", "0008_prepared_download"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="ehcassessment",
            index=models.Index(
                condition=models.Q(("final_issued_on__isnull", True), ("not_to_issue_on__isnull", True)),
                fields=["pupil", "decision"],
                name="assessment_open_pupil",
            ),
        ),
        migrations.AddIndex(
            model_name="ehcassessment",
            index=models.Index(
                condition=models.Q(
                    ("case_officer__isnull", False),
                    ("final_issued_on__isnull", True),
                    ("not_to_issue_on__isnull", True),
                ),
                fields=["case_officer", "pupil", "decision"],
                name="assessment_open_officer",
            ),
        ),
    ]
