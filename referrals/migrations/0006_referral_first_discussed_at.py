"""The start of the first meeting that discussed each referral, kept on the referral (issue 16).

Kept by referrals.meetings.services.discussion_record; filled here for the discussions already
recorded. The dashboards' days from submission to first discussion read the referral alone instead
of a search of its discussions, agenda items and meetings per referral; an index finds a year's
submitted referrals.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    CaseDiscussion = apps.get_model("referrals", "CaseDiscussion")
    first = (
        CaseDiscussion.objects.filter(referral=OuterRef("pk"))
        .order_by("agenda_item__meeting__starts_at")
        .values("agenda_item__meeting__starts_at")[:1]
    )
    Referral.objects.filter(pk__in=CaseDiscussion.objects.values("referral_id")).update(
        first_discussed_at=Subquery(first)
    )


class Migration(migrations.Migration):
    dependencies = [("referrals", "0005_consent_of_a_case_consultation_without_referral")]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="first_discussed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(fields=["submitted_at"], name="referral_submitted"),
        ),
    ]
