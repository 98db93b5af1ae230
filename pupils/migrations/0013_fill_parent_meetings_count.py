"""Fill each pupil's parent_meetings_year and parent_meetings_count from their meetings.

The same UPDATE as `pupils.support.services.parent_meetings_refresh`, on the historical models,
for the academic year of the day the migration runs.
"""

from datetime import date

from django.db import migrations
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone


def fill(apps, schema_editor):
    Pupil = apps.get_model("pupils", "Pupil")
    ParentMeeting = apps.get_model("pupils", "ParentMeeting")
    today = timezone.localdate()
    start_year = today.year if today.month >= 9 else today.year - 1
    meetings = (
        ParentMeeting.objects.filter(
            pupil=OuterRef("pk"), held_on__range=(date(start_year, 9, 1), date(start_year + 1, 8, 31))
        )
        .order_by()
        .values("pupil")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Pupil.objects.update(
        parent_meetings_year=start_year,
        parent_meetings_count=Coalesce(Subquery(meetings, output_field=IntegerField()), Value(0)),
    )


class Migration(migrations.Migration):
    dependencies = [("pupils", "0012_pupil_parent_meetings_count")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
