"""EHC writes: the statutory assessment (assessments), annual reviews and amendments (reviews)."""

from pupils.ehc.services.assessments import (
    advice_add,
    assessment_change_request,
    assessment_consult_school,
    assessment_decide,
    assessment_decline_to_issue,
    assessment_issue_final,
    assessment_record_comments,
    assessment_request,
    assessment_serve_draft,
    exception_add,
)
from pupils.ehc.services.owners import case_officer_set, case_officers_for
from pupils.ehc.services.reviews import plan_review_due_refresh, plan_set_transfer, review_add, review_record

__all__ = [
    "advice_add",
    "assessment_change_request",
    "assessment_consult_school",
    "assessment_decide",
    "assessment_decline_to_issue",
    "assessment_issue_final",
    "assessment_record_comments",
    "assessment_request",
    "assessment_serve_draft",
    "exception_add",
    "plan_review_due_refresh",
    "plan_set_transfer",
    "case_officer_set",
    "case_officers_for",
    "review_add",
    "review_record",
]
