"""A review's anchor_on (the dashboards' "annual reviews within 12 months") stays right on every path
that changes a plan's date or its review meetings: the plan's review meeting before it, or the plan's date."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pupils.ehc import services
from pupils.ehc.services.reviews import reviews_anchor_refresh
from pupils.models import AnnualReview
from sendhub.errors import DomainError
from tests.pupils.ehc.helpers import TODAY, decided_review, pupil_at, weeks_ago, with_draft, with_plan


def _anchors(plan) -> dict[int, object]:
    return dict(AnnualReview.objects.filter(plan=plan).values_list("pk", "anchor_on"))


def _recomputed(plan) -> dict[int, object]:
    """What reviews_anchor_refresh (and the data migration's rule) gives, from scratch."""
    AnnualReview.objects.filter(plan=plan).update(anchor_on=None)
    reviews_anchor_refresh(reviews=AnnualReview.objects.filter(plan=plan))
    return _anchors(plan)


def test_each_review_added_counts_from_the_review_before_or_the_plan(personas, frozen):
    plan = with_plan(personas.la_officer, pupil_at(personas.school_a), weeks_ago(120), school=personas.school_a)
    first = decided_review(personas.la_officer, plan, weeks_ago(50))
    second = decided_review(personas.la_officer, plan, weeks_ago(2))
    kept = _anchors(plan)
    assert kept == {first.pk: plan.issued_on, second.pk: first.meeting_on}
    assert kept == _recomputed(plan)


def test_a_meeting_moved_moves_the_anchor_of_the_review_after_it(personas, frozen):
    plan = with_plan(personas.la_officer, pupil_at(personas.school_a), weeks_ago(120), school=personas.school_a)
    first = decided_review(personas.la_officer, plan, weeks_ago(50))
    second = services.review_add(actor=personas.la_officer, plan=plan, meeting_on=TODAY + timedelta(weeks=2))
    services.review_record(actor=personas.la_officer, review=first, meeting_on=weeks_ago(52))
    kept = _anchors(plan)
    assert kept == {first.pk: plan.issued_on, second.pk: weeks_ago(52)}
    assert kept == _recomputed(plan)


def test_a_plans_date_cannot_move_under_its_reviews_so_the_first_anchor_stays_the_plans_date(personas, frozen):
    pupil = pupil_at(personas.school_a)
    assessment = with_draft(personas.la_officer, pupil, weeks_ago(100), draft_weeks=15)
    plan = services.assessment_issue_final(
        actor=personas.la_officer, assessment=assessment, final_issued_on=weeks_ago(81), named_school=personas.school_a
    )
    review = services.review_add(actor=personas.la_officer, plan=plan, meeting_on=weeks_ago(30))
    with pytest.raises(DomainError, match="had an annual review"):
        services.assessment_issue_final(
            actor=personas.la_officer,
            assessment=assessment,
            final_issued_on=weeks_ago(80),
            named_school=personas.school_a,
        )
    assert _anchors(plan) == {review.pk: weeks_ago(81)} == _recomputed(plan)
