"""The occupancy table counts places per date in Python: the same figures as conditional counts in SQL."""

import random
from datetime import date, datetime, timedelta

import pytest
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.urls import reverse

from pupils.models import EHCPlan, Placement
from pupils.places import occupancy
from sendhub.calendar.selectors import half_terms
from sendhub.dates import LONDON, academic_year, academic_year_bounds
from tests.factories import PupilFactory


def counted_in_sql(hub, label, today):
    """The counts as occupancy() made them before: one pair of conditional counts per date."""
    points = [(term.name, term.starts_on) for term in half_terms(label, hub.host_school.local_authority)]
    first, last = academic_year_bounds(label)
    if first <= today <= last:
        points.append(("Today", today))
    placements = occupancy._with_last_day(Placement.objects.filter(hub=hub)).annotate(
        offered_on=TruncDate("created_at")
    )
    counts = {}
    for index, (_, day) in enumerate(points):
        year_end = academic_year_bounds(academic_year(day))[1]
        counts[f"filled_{index}"] = Count("pk", filter=Q(starts_on__lte=day, held_until__gte=day))
        counts[f"offered_{index}"] = Count(
            "pk",
            filter=Q(offered_on__lte=day, starts_on__gt=day, starts_on__lte=year_end)
            & (Q(ended_on__isnull=True) | Q(ended_on__gt=day)),
        )
    totals = placements.aggregate(**counts)
    return [(name, day, totals[f"filled_{i}"], totals[f"offered_{i}"]) for i, (name, day) in enumerate(points)]


@pytest.fixture
def varied_places(personas, hub):
    """Places of every shape around 2025/26: past, current, ended, offered, open-ended, made late at night."""
    rng = random.Random(19)
    pupil = PupilFactory(school=personas.school_a, sen_provision="E", primary_need="ASD")
    plan = EHCPlan.objects.create(pupil=pupil, issued_on=date(2024, 1, 1), named_hub=hub)
    base = date(2024, 6, 1)
    for _ in range(120):
        starts_on = base + timedelta(days=rng.randrange(0, 900))
        planned = rng.choice([None, starts_on + timedelta(days=rng.randrange(0, 400))])
        ended = rng.choice([None, None, starts_on + timedelta(days=rng.randrange(-5, 300))])
        made = starts_on - timedelta(days=rng.randrange(-10, 200))
        created_at = datetime(made.year, made.month, made.day, rng.choice([0, 8, 23]), 30, tzinfo=LONDON)
        Placement.objects.create(
            pupil=pupil,
            hub=hub,
            plan=plan,
            starts_on=starts_on,
            planned_end_on=planned,
            ended_on=ended,
            end_reason="" if not ended else "offer_declined" if ended < starts_on else "other",
            created_by=personas.la_officer,
            created_at=created_at,
        )


@pytest.mark.parametrize("label", ["2024/25", "2025/26", "2026/27"])
@pytest.mark.parametrize("today", [date(2025, 1, 7), date(2025, 10, 1), date(2026, 5, 20), date(2026, 12, 1)])
def test_the_counts_match_conditional_counts_in_sql(hub, varied_places, label, today):
    rows = occupancy.occupancy(hub, label, today=today)
    assert [(r.label, r.on, r.filled, r.offered) for r in rows] == counted_in_sql(hub, label, today)
    assert any(r.filled for r in rows) and any(r.offered for r in rows)


def test_the_places_page_takes_the_same_queries_with_more_places(
    personas, hub, commission, named_pupils, client_for, django_assert_max_num_queries
):
    from pupils.places.services import placement_create

    commission(places=14)
    url = reverse("places:occupancy", args=[hub.pk])
    client = client_for(personas.la_officer)

    def place(pupils):
        for pupil in pupils:
            placement_create(
                actor=personas.la_officer,
                hub=hub,
                pupil=pupil,
                starts_on=date(2025, 9, 3),
                planned_end_on=date(2026, 7, 20),
            )

    place(named_pupils(2))
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url + "?year=2025/26").status_code == 200
    place(named_pupils(10))
    with django_assert_max_num_queries(len(few)):
        assert client.get(url + "?year=2025/26").status_code == 200


def test_the_register_dates_read_as_the_date_filter_writes_them():
    from django.template.defaultfilters import date as date_filter

    from pupils.places.views import _short_date

    for n in range(0, 2 * 366):
        day = date(2025, 1, 1) + timedelta(days=n)
        assert _short_date(day) == date_filter(day, "j M Y")
    assert _short_date(None) == date_filter(None, "j M Y") == ""


def test_the_register_rows_show_the_links_and_dates_the_template_tags_made(
    personas, hub, commission, named_pupils, client_for
):
    from django.template.defaultfilters import date as date_filter

    from pupils.places.services import placement_create, placement_end

    commission(places=14)
    kept, ended = named_pupils(2)
    placement_create(
        actor=personas.la_officer, hub=hub, pupil=kept, starts_on=date(2025, 9, 3), planned_end_on=date(2026, 7, 20)
    )
    gone = placement_create(
        actor=personas.la_officer, hub=hub, pupil=ended, starts_on=date(2025, 9, 3), planned_end_on=date(2026, 7, 20)
    )
    placement_end(actor=personas.la_officer, placement=gone, ended_on=date(2025, 11, 14), reason="other")
    html = client_for(personas.la_officer).get(reverse("places:occupancy", args=[hub.pk]) + "?year=2025/26")
    html = html.content.decode()
    for place in Placement.objects.filter(hub=hub):
        assert f'<a class="govuk-link" href="{reverse("pupils:detail", args=[place.pupil_id])}">' in html
        assert f'<td class="govuk-table__cell">{date_filter(place.starts_on, "j M Y")}</td>' in html
        assert f'<td class="govuk-table__cell">{date_filter(place.planned_end_on, "j M Y")}</td>' in html
    assert f'href="{reverse("places:end", args=[Placement.objects.get(pupil=kept).pk])}"' in html
    assert f"Ended {date_filter(date(2025, 11, 14), 'j M Y')}: other" in html
