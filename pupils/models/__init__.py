from .ehc import AnnualReview, EHCAdvice, EHCAssessment, EHCException, EHCPlan
from .imports import PupilImport
from .placements import Placement
from .pupils import Contact, Pupil, date_of_birth_problem, need_problems, paths_through
from .support import (
    NOTIONAL_SEN_BUDGET_THRESHOLD,
    PARENT_MEETINGS_PER_YEAR,
    ParentMeeting,
    SupportCycle,
    SupportOutcome,
    SupportProvision,
)

__all__ = [
    "NOTIONAL_SEN_BUDGET_THRESHOLD",
    "PARENT_MEETINGS_PER_YEAR",
    "AnnualReview",
    "Contact",
    "EHCAdvice",
    "EHCAssessment",
    "EHCException",
    "EHCPlan",
    "ParentMeeting",
    "Placement",
    "Pupil",
    "PupilImport",
    "SupportCycle",
    "SupportOutcome",
    "SupportProvision",
    "need_problems",
    "paths_through",
]
