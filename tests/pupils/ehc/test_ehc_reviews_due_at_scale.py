"""Issue 19: "Annual reviews due" reads the maintained next_review_due, and lists exactly what it did.

The page used to work out every current plan's last held review (review_anchor) and list those
whose review falls due within 8 weeks, by (review_anchor, pk). It now reads the maintained date
by an index range, and works out the anchor only for plans with a meeting arranged (or no date).
These tests compare the two on the demo world, on days around its meetings, and on edge cases:
a meeting arranged after a review fell overdue, a meeting today, 28 and 29 February, a plan
whose date was never filled in, ceased plans, another authority's plans.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pupils.ehc import services
from pupils.ehc.selectors import (
    latest_anchor_due_by,
    plans_with_review_anchor,
    plans_with_reviews_due,
    reviews_due_counted,
)
from pupils.models import EHCPlan
from sendhub.dates import add_weeks, add_years_clamped
from tests.pupils.ehc.helpers import TODAY, decided_review, pupil_at, weeks_ago, with_plan


def _before(today: date, user=None) -> list[int]:
    """The list as the page computed it before next_review_due was read (issue 19)."""
    latest = latest_anchor_due_by(add_weeks(today, 8))
    plans = plans_with_review_anchor(today).filter(review_anchor__lte=latest).order_by("review_anchor", "pk")
    if user is not None:
        plans = plans.visible_to(user)
    return list(plans.values_list("pk", flat=True))


def _now(today: date, user=None) -> list[int]:
    plans = plans_with_reviews_due(today, user=user)
    if user is not None:
        plans = plans.visible_to(user)
    return list(plans.values_list("pk", flat=True))


def _counted(today: date, user) -> list[int]:
    """The page's list (reviews_due_counted), checked against its count of the same plans."""
    plans, count = reviews_due_counted(today, user)
    listed = list(plans.visible_to(user).values_list("pk", flat=True))
    assert count == len(listed), today
    return listed


def _same(today: date, user) -> list[int]:
    before = _before(today, user)
    assert _now(today, user) == before, today
    assert _counted(today, user) == before, today
    assert _now(today) == _before(today), today
    return before


def test_the_demo_world_lists_the_same_plans_in_the_same_order_on_any_day(db):
    call_command("seed_demo", verbosity=0)
    from sendhub.models import User

    officer = User.objects.get(email="la.officer@example.org")
    today = date.today()
    listed = set()
    for days in range(-400, 400, 9):
        listed.update(_same(today + timedelta(days=days), officer))
    assert listed, "the demo has reviews due on some of these days"


@pytest.fixture
def cases(personas, frozen):
    officer, school = personas.la_officer, personas.school_a

    def plan(name: str, issued: date) -> EHCPlan:
        pupil = pupil_at(school, legal_first_name=name)
        return with_plan(officer, pupil, issued - timedelta(weeks=19), final_weeks=19, school=school)

    made = {
        "overdue": plan("Overdue", add_years_clamped(TODAY, -1) - timedelta(weeks=3)),
        "soon": plan("Soon", add_years_clamped(TODAY, -1) + timedelta(weeks=5)),
        "later": plan("Later", add_years_clamped(TODAY, -1) + timedelta(weeks=10)),
        # Overdue, and its meeting is now arranged: listed, saying so, until the meeting is held.
        "arranged": plan("Arranged", add_years_clamped(TODAY, -1) - timedelta(weeks=2)),
        # Reviewed recently and its next meeting arranged already: not due.
        "arranged_early": plan("Early", weeks_ago(130)),
        # The meeting is today: held, so due again in a year.
        "today": plan("Today", add_years_clamped(TODAY, -1) - timedelta(weeks=1)),
        "ceased": plan("Ceased", weeks_ago(80)),
        "unknown": plan("Unknown", weeks_ago(70)),
        "other_la": with_plan(
            personas.outsider,
            pupil_at(personas.other_school, legal_first_name="Elsewhere"),
            weeks_ago(90),
            school=personas.other_school,
        ),
    }
    services.review_add(actor=officer, plan=made["arranged"], meeting_on=TODAY + timedelta(weeks=2))
    decided_review(officer, made["arranged_early"], weeks_ago(40))
    services.review_add(actor=officer, plan=made["arranged_early"], meeting_on=TODAY + timedelta(weeks=1))
    services.review_add(actor=officer, plan=made["today"], meeting_on=TODAY)
    EHCPlan.objects.filter(pk=made["ceased"].pk).update(ceased_on=weeks_ago(1))
    EHCPlan.objects.filter(pk=made["unknown"].pk).update(next_review_due=None)
    return made


def test_edge_cases_list_as_before(personas, cases):
    listed = _same(TODAY, personas.la_officer)
    names = dict(EHCPlan.objects.filter(pk__in=listed).values_list("pk", "pupil__legal_first_name"))
    assert [names[pk] for pk in listed] == ["Unknown", "Overdue", "Arranged", "Soon"]
    for days in (-60, -14, -7, -1, 1, 7, 13, 14, 15, 21, 60, 200, 380):
        _same(TODAY + timedelta(days=days), personas.la_officer)
    _same(TODAY, personas.outsider)


def test_the_page_says_the_meeting_is_arranged_and_counts_every_plan_due(personas, cases, client_for):
    html = client_for(personas.la_officer).get(reverse("pupils:ehc_reviews_due")).content.decode()
    assert "Meeting arranged for 16 March 2026" in html
    assert "Arranged" in html and "Early" not in html and "Later" not in html and "Elsewhere" not in html
    assert "within 8 weeks: 4." in html


def test_28_and_29_february_anchors_due_the_same_day_sort_by_anchor_then_pk(personas):
    officer, school = personas.la_officer, personas.school_a
    today = date(2029, 2, 20)  # both due 28 February 2029: from 28 or 29 February 2028
    from_29 = EHCPlan.objects.create(pupil=pupil_at(school), issued_on=date(2028, 2, 29), named_school=school)
    from_28 = EHCPlan.objects.create(pupil=pupil_at(school), issued_on=date(2028, 2, 28), named_school=school)
    assert from_29.next_review_due == from_28.next_review_due == date(2029, 2, 28)
    assert _same(today, officer) == [from_28.pk, from_29.pk]


def _reviews_due_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("pupils:ehc_reviews_due")).status_code == 200
    return len(queries)


@pytest.mark.parametrize("arranged", [False, True])
def test_the_reviews_due_page_takes_the_same_queries_for_3_or_40_plans_due(
    personas, client_for, frozen, django_assert_max_num_queries, arranged
):
    officer, school = personas.la_officer, personas.school_a
    client = client_for(officer)

    def plans(how_many: int) -> None:
        for n in range(how_many):
            plan = with_plan(officer, pupil_at(school), weeks_ago(90 + n % 5), school=school)
            if arranged and n % 3 == 0:
                services.review_add(actor=officer, plan=plan, meeting_on=TODAY + timedelta(days=1 + n))

    plans(3)
    few = _reviews_due_queries(client)
    plans(37)
    with django_assert_max_num_queries(few):
        html = client.get(reverse("pupils:ehc_reviews_due")).content.decode()
    assert "within 8 weeks: 40." in html and 'aria-label="Page 2"' in html
