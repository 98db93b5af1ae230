"""Fill each pupil's support_cost and support_review_due from their SEN support cycles.

The same UPDATE as `pupils.support.services.support_facts_refresh`, on the historical models.
"""

from decimal import Decimal

from django.db import migrations
from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    Pupil = apps.get_model("pupils", "Pupil")
    SupportCycle = apps.get_model("pupils", "SupportCycle")
    SupportProvision = apps.get_model("pupils", "SupportProvision")
    latest = (
        SupportCycle.objects.filter(pupil=OuterRef(OuterRef("pk"))).order_by("-started_on", "-pk").values("pk")[:1]
    )
    money = DecimalField(max_digits=11, decimal_places=2)
    cost = (
        SupportProvision.objects.filter(cycle=Subquery(latest))
        .order_by()
        .values("cycle")
        .annotate(total=Sum("cost_per_year"))
        .values("total")
    )
    review_due = SupportCycle.objects.filter(pupil=OuterRef("pk"), reviewed_on__isnull=True).values("review_date")[:1]
    Pupil.objects.update(
        support_cost=Coalesce(Subquery(cost, output_field=money), Value(Decimal("0.00")), output_field=money),
        support_review_due=Subquery(review_due),
    )


class Migration(migrations.Migration):
    dependencies = [("pupils", "0009_pupil_support_facts_and_latest_cycle_index")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
