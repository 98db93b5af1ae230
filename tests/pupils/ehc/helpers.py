"""Shared set-up for the EHC tests: a frozen "today", hubs, pupils and cases built through the services."""

from __future__ import annotations

from datetime import date, timedelta

from pupils.ehc import services
from pupils.models import AnnualReview, Contact, EHCAssessment, EHCPlan, Pupil
from sendhub.dates import add_weeks
from tests.factories import PupilFactory

# A Monday. Every EHC test runs with the clock stopped at noon on this day (Europe/London).
TODAY = date(2026, 3, 2)


def weeks_ago(weeks: int, days: int = 0) -> date:
    return TODAY - timedelta(weeks=weeks, days=days)


def pupil_at(school, **values) -> Pupil:
    return PupilFactory(school=school, **values)


def request(la_officer, pupil: Pupil, received: date) -> EHCAssessment:
    return services.assessment_request(
        actor=la_officer, pupil=pupil, request_received_on=received, requested_by=EHCAssessment.Requester.PARENT
    )


def assessing(la_officer, pupil: Pupil, received: date, decided_weeks: int = 5) -> EHCAssessment:
    a = request(la_officer, pupil, received)
    return services.assessment_decide(
        actor=la_officer,
        assessment=a,
        decision=EHCAssessment.Decision.ASSESS,
        decision_on=add_weeks(received, decided_weeks),
    )


def with_draft(la_officer, pupil: Pupil, received: date, draft_weeks: int = 14) -> EHCAssessment:
    a = assessing(la_officer, pupil, received)
    return services.assessment_serve_draft(
        actor=la_officer, assessment=a, draft_served_on=add_weeks(received, draft_weeks)
    )


def with_plan(la_officer, pupil: Pupil, received: date, *, final_weeks: int = 19, school=None, hub=None) -> EHCPlan:
    a = with_draft(la_officer, pupil, received, draft_weeks=final_weeks - 4)
    return services.assessment_issue_final(
        actor=la_officer,
        assessment=a,
        final_issued_on=add_weeks(received, final_weeks),
        named_school=school if hub is None else None,
        named_hub=hub,
    )


def decided_review(la_officer, plan: EHCPlan, meeting: date, decision=AnnualReview.Decision.MAINTAIN) -> AnnualReview:
    review = services.review_add(actor=la_officer, plan=plan, meeting_on=meeting)
    return services.review_record(actor=la_officer, review=review, decision=decision, decision_on=meeting)


def link_parent(pupil: Pupil, user) -> Contact:
    return Contact.objects.create(
        pupil=pupil,
        name=user.full_name,
        relationship=Contact.Relationship.MOTHER,
        has_parental_responsibility=True,
        user=user,
    )
