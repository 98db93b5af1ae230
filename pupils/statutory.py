"""The pupils app's pure statutory rules, at the import path other code and checks rely on.

UPN rules live in `pupils.records.upn`, EHC deadlines in `pupils.ehc.statutory`; this
module re-exports both and holds no rules of its own.
"""

from pupils.ehc.statutory import (
    DeadlineStatus,
    amended_plan_due,
    amendment_representations_end,
    annual_review_due,
    annual_review_followups,
    deadline_status,
    draft_comment_period_ends,
    ehc_assessment_deadlines,
    issued_within_20_weeks,
    phase_transfer_deadline,
)
from pupils.records.upn import UPN_CHECK_LETTERS, UPN_LENGTH, is_valid_upn, normalise_upn, upn_check_letter, upn_problem
from sendhub.dates import academic_year

__all__ = [
    "UPN_CHECK_LETTERS",
    "UPN_LENGTH",
    "DeadlineStatus",
    "academic_year",
    "amended_plan_due",
    "annual_review_due",
    "annual_review_followups",
    "deadline_status",
    "amendment_representations_end",
    "draft_comment_period_ends",
    "ehc_assessment_deadlines",
    "is_valid_upn",
    "issued_within_20_weeks",
    "normalise_upn",
    "phase_transfer_deadline",
    "upn_check_letter",
    "upn_problem",
]
