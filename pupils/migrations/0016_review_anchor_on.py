"""Each annual review's anchor kept on the review (issue 16): the plan's review meeting before it, or
the date the plan was made, the date its 12 months count from (s44).

Kept by pupils.ehc.services.plan_review_due_refresh (with the plan's next_review_due), filled here for
the reviews already recorded. The dashboards' "annual reviews within 12 months" read the review alone
instead of a search of the plan's earlier reviews per review.
"""

from django.db import migrations, models
from django.db.models import DateField, OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    AnnualReview = apps.get_model("pupils", "AnnualReview")
    EHCPlan = apps.get_model("pupils", "EHCPlan")
    before = (
        AnnualReview.objects.filter(plan=OuterRef("plan"), meeting_on__lt=OuterRef("meeting_on"))
        .order_by("-meeting_on")
        .values("meeting_on")[:1]
    )
    made = EHCPlan.objects.filter(pk=OuterRef("plan")).values("issued_on")[:1]
    AnnualReview.objects.update(
        anchor_on=Coalesce(Subquery(before, output_field=DateField()), Subquery(made, output_field=DateField()))
    )


class Migration(migrations.Migration):
    dependencies = [("pupils", "0015_merge_list_ehc_dashboard_indexes")]

    operations = [
        migrations.AddField(
            model_name="annualreview",
            name="anchor_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="date the review's 12 months count from"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
