"""A plan's next_review_due stays right on every path that changes its date or its review meetings."""

from __future__ import annotations

from datetime import date, timedelta

from pupils.ehc import services
from pupils.ehc.reminders import ehc_reminders_send
from pupils.ehc.selectors import plans_with_review_anchor
from pupils.ehc.statutory import annual_review_due
from pupils.models import AnnualReview, EHCPlan
from sendhub.dates import add_years_clamped
from sendhub.models import Notification
from tests.pupils.ehc.helpers import TODAY, decided_review, pupil_at, weeks_ago, with_draft, with_plan


def _due(plan: EHCPlan) -> date:
    plan.refresh_from_db(fields=["next_review_due"])
    return plan.next_review_due


def _recomputed(plan: EHCPlan) -> date:
    """What plan_review_due_refresh (and the data migration's rule) gives, from scratch."""
    EHCPlan.objects.filter(pk=plan.pk).update(next_review_due=None)
    services.plan_review_due_refresh(plans=EHCPlan.objects.filter(pk=plan.pk))
    return _due(plan)


def test_issuing_the_final_plan_sets_its_first_review_a_year_on(personas, frozen):
    plan = with_plan(personas.la_officer, pupil_at(personas.school_a), weeks_ago(40), school=personas.school_a)
    assert plan.next_review_due == annual_review_due(plan.issued_on) == _due(plan)


def test_issuing_the_final_plan_again_with_a_new_date_moves_the_review(personas, frozen):
    pupil = pupil_at(personas.school_a)
    assessment = with_draft(personas.la_officer, pupil, weeks_ago(40), draft_weeks=15)
    first = services.assessment_issue_final(
        actor=personas.la_officer, assessment=assessment, final_issued_on=weeks_ago(21), named_school=personas.school_a
    )
    again = services.assessment_issue_final(
        actor=personas.la_officer, assessment=assessment, final_issued_on=weeks_ago(20), named_school=personas.school_a
    )
    assert again.pk == first.pk
    assert _due(again) == annual_review_due(weeks_ago(20)) == _recomputed(again)


def test_a_review_held_moves_the_next_review_to_a_year_after_the_meeting(personas, frozen):
    plan = with_plan(personas.la_officer, pupil_at(personas.school_a), weeks_ago(70), school=personas.school_a)
    decided_review(personas.la_officer, plan, weeks_ago(10))
    assert _due(plan) == annual_review_due(weeks_ago(10)) == _recomputed(plan)


def test_a_meeting_arranged_puts_the_plan_beyond_every_reminder_until_the_date_changes(personas, frozen):
    plan = with_plan(personas.la_officer, pupil_at(personas.school_a), weeks_ago(70), school=personas.school_a)
    review = services.review_add(actor=personas.la_officer, plan=plan, meeting_on=TODAY + timedelta(weeks=2))
    assert _due(plan) == annual_review_due(TODAY + timedelta(weeks=2))
    services.review_record(actor=personas.la_officer, review=review, meeting_on=TODAY + timedelta(weeks=3))
    assert _due(plan) == annual_review_due(TODAY + timedelta(weeks=3)) == _recomputed(plan)
    assert ehc_reminders_send(today=TODAY) == 0


def test_moving_a_held_meeting_moves_the_next_review(personas, frozen):
    plan = with_plan(personas.la_officer, pupil_at(personas.school_a), weeks_ago(70), school=personas.school_a)
    review = decided_review(personas.la_officer, plan, weeks_ago(10))
    services.review_record(actor=personas.la_officer, review=review, meeting_on=weeks_ago(12))
    assert _due(plan) == annual_review_due(weeks_ago(12)) == _recomputed(plan)


def test_a_plan_made_directly_gets_its_first_review_date_and_29_february_becomes_28(personas):
    plan = EHCPlan.objects.create(
        pupil=pupil_at(personas.school_a), issued_on=date(2024, 2, 29), named_school=personas.school_a
    )
    assert _due(plan) == date(2025, 2, 28) == _recomputed(plan)
    AnnualReview.objects.create(plan=plan, meeting_on=date(2028, 2, 29), created_by=personas.la_officer)
    assert _recomputed(plan) == date(2029, 2, 28)


def test_the_maintained_date_agrees_with_the_review_anchor_the_lists_compute(personas, frozen):
    plans = [
        with_plan(personas.la_officer, pupil_at(personas.school_a), weeks_ago(weeks), school=personas.school_a)
        for weeks in (30, 60, 75, 130)
    ]
    decided_review(personas.la_officer, plans[1], weeks_ago(30))
    first = decided_review(personas.la_officer, plans[3], weeks_ago(100))
    assert first.plan_id == plans[3].pk
    decided_review(personas.la_officer, plans[3], weeks_ago(50))
    for plan in plans_with_review_anchor(TODAY):
        assert plan.next_review_due == annual_review_due(plan.review_anchor), plan


def test_a_review_found_overdue_is_reminded_as_overdue_only(personas, frozen):
    issued = add_years_clamped(TODAY, -1) - timedelta(weeks=2)  # review overdue by 2 weeks
    with_plan(personas.la_officer, pupil_at(personas.school_a), issued - timedelta(weeks=19), school=personas.school_a)
    assert ehc_reminders_send(today=TODAY) == 1
    notice = Notification.objects.get()
    assert notice.event.startswith("ehc-review-overdue:") and "overdue" in notice.message
    assert notice.due_on == add_years_clamped(issued, 1)
    assert ehc_reminders_send(today=TODAY) == 0
