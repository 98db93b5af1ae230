"""Grouped rows read without per-row converters are the rows the queryset gives."""

from django.db.models import Count, Max, Q

from dashboards.rows import plain_rows
from pupils.models import Pupil


def test_grouped_counts_read_plainly_are_the_querysets_rows(grown):
    grown(2, 6)
    grouped = (
        Pupil.objects.order_by()
        .values("school_id", "primary_need")
        .annotate(n=Count("pk"), e=Count("pk", filter=Q(sen_provision="E")))
        .order_by("school_id", "primary_need")
    )
    rows = plain_rows(grouped)
    assert rows == list(grouped) and len(rows) > 2
    assert all(type(r["n"]) is int and type(r["e"]) is int for r in rows)


def test_a_column_with_another_converter_is_converted_as_the_queryset_would(grown):
    grown(1, 3)
    dated = Pupil.objects.order_by().values("school_id").annotate(latest=Max("date_of_birth"), n=Count("pk"))
    assert plain_rows(dated.order_by("school_id")) == list(dated.order_by("school_id"))
    assert plain_rows(Pupil.objects.none().values("school_id")) == []
