"""The dashboards' "Plans with an annual review overdue": read by the plans' kept next_review_due (an
index range) and by their reviews only where a meeting is arranged, the same figure as the live
NOT EXISTS over every plan's reviews, on every day around every boundary."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db.models import Exists, OuterRef, Q

from dashboards.scope import Scope
from dashboards.selectors import Filters, _ehc_querysets, _overdue_review_q, _overdue_reviews
from pupils.ehc.selectors import current_plan_q, latest_anchor_due_by
from pupils.ehc.services import plan_review_due_refresh
from pupils.ehc.statutory import annual_review_due
from pupils.models import AnnualReview, EHCPlan
from tests.factories import PupilFactory

pytestmark = pytest.mark.django_db


def reference_q(today: date) -> Q:
    """The measure as it was written before it read next_review_due: every plan's reviews, live."""
    held_before = latest_anchor_due_by(today - timedelta(days=1))
    reviewed_since = AnnualReview.objects.filter(plan=OuterRef("pk"), meeting_on__gt=held_before, meeting_on__lte=today)
    return current_plan_q(today) & Q(issued_on__lte=held_before) & ~Q(Exists(reviewed_since))


# (plan made, review meetings, ceased on): anchors on 28 and 29 February and around them, reviews held
# exactly a year on, late, early, on consecutive days, on the day the plan was made, several, ceased.
PLANS = [
    (date(2024, 2, 29), [], None),
    (date(2023, 2, 28), [], None),
    (date(2023, 3, 1), [], None),
    (date(2024, 2, 28), [date(2025, 2, 28)], None),
    (date(2023, 2, 28), [date(2024, 2, 29)], None),
    (date(2023, 2, 27), [date(2024, 2, 28), date(2024, 2, 29)], None),
    # Overdue on 28 February 2024 with a meeting arranged for the 29th, due (from it) on 28 February 2025,
    # the date a year after that day.
    (date(2023, 1, 15), [date(2024, 2, 29)], None),
    (date(2023, 6, 1), [date(2024, 5, 30), date(2025, 6, 2)], None),
    (date(2023, 6, 1), [date(2024, 7, 15)], None),
    (date(2023, 6, 1), [date(2024, 6, 1), date(2025, 6, 1), date(2025, 9, 1)], None),
    (date(2023, 9, 1), [date(2023, 9, 1), date(2024, 9, 1)], None),
    (date(2022, 1, 10), [date(2023, 1, 9)], date(2024, 3, 1)),
    (date(2023, 4, 3), [], date(2024, 4, 3)),
    (date(2024, 3, 1), [date(2025, 2, 28), date(2026, 3, 2)], None),
    (date(2024, 12, 1), [date(2025, 11, 20), date(2026, 1, 10)], None),
    (date(2025, 2, 28), [], None),
    (date(2025, 7, 1), [date(2026, 2, 28)], None),
]


def python_overdue(plans: list[EHCPlan], meetings: dict[int, list[date]], today: date) -> int:
    """Independently: current plans whose review is due before today, counted from the plan's date or
    the last meeting held by today."""
    n = 0
    for plan in plans:
        if plan.ceased_on is not None and plan.ceased_on <= today:
            continue
        anchor = max([plan.issued_on, *(d for d in meetings[plan.pk] if d <= today)])
        n += annual_review_due(anchor) < today
    return n


@pytest.fixture
def plans(personas):
    made, meetings = [], {}
    for issued, held, ceased in PLANS:
        for school in (personas.school_a, personas.school_b):
            plan = EHCPlan.objects.create(
                pupil=PupilFactory(school=school, sen_provision="E"), issued_on=issued, ceased_on=ceased
            )
            for day in held:
                AnnualReview.objects.create(plan=plan, meeting_on=day, created_by=personas.admin)
            made.append(plan)
            meetings[plan.pk] = held
    # Another authority's plan, overdue on every day, out of the scope.
    other = PupilFactory(school=personas.other_school, sen_provision="E")
    EHCPlan.objects.create(pupil=other, issued_on=date(2020, 1, 1))
    plan_review_due_refresh(plans=EHCPlan.objects.all())
    # A plan whose date is not kept (none should be): counted from its reviews.
    EHCPlan.objects.filter(pk=made[-1].pk).update(next_review_due=None)
    return made, meetings


def test_overdue_reviews_match_the_live_reviews_on_every_day_a_count_can_change(personas, plans):
    made, meetings = plans
    scopes = [
        (Scope("la", personas.la), made),
        (Scope("trust", personas.trust_a), [p for p in made if p.pupil.school_id == personas.school_a.pk]),
    ]
    checked = 0
    for day in days_to_check(PLANS):
        for scope, mine in scopes:
            _, scoped = _ehc_querysets(personas.la_officer, scope, Filters(year="2024/25"))
            expected = scoped.filter(reference_q(day)).count()
            assert _overdue_reviews(scoped, day) == expected == python_overdue(mine, meetings, day), (scope.kind, day)
            checked += expected > 0
    assert checked > 100  # the days seen include overdue plans, not only none


def days_to_check(plans) -> list[date]:
    """Every day where a count can change, and its neighbours: 3 days either side of each plan's
    date, meeting and end, of their anniversaries a year and two years on, and of every 28 February
    to 1 March; and every 5th day from 1 January 2023 to 1 April 2026 in between."""
    first, last = date(2023, 1, 1), date(2026, 4, 1)
    marks = [d for issued, held, ceased in plans for d in (issued, *held, *([ceased] if ceased else []))]
    marks += [date(year, 2, 28) for year in range(first.year, last.year + 1)]
    days = {first + timedelta(days=n) for n in range(0, (last - first).days + 1, 5)}
    for mark in marks:
        for years in (0, 1, 2):
            try:
                anniversary = mark.replace(year=mark.year + years)
            except ValueError:  # 29 February in a year without one
                anniversary = date(mark.year + years, 2, 28)
            days.update(anniversary + timedelta(days=n) for n in range(-3, 5))
    return sorted(day for day in days if first <= day <= last)


def test_the_few_plans_in_one_pass_match_too(personas, plans):
    """A school's or a trust's plans count their overdue reviews as a filter of one aggregate."""
    from django.db.models import Count

    made, meetings = plans
    _, scoped = _ehc_querysets(personas.la_officer, Scope("la", personas.la), Filters(year="2024/25"))
    for day in [date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1), date(2025, 2, 28), date(2025, 3, 1)]:
        got = scoped.aggregate(n=Count("pk", filter=_overdue_review_q(day)))["n"]
        assert got == scoped.filter(reference_q(day)).count() == python_overdue(made, meetings, day), day
