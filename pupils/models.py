"""The pupils app's models, gathered from its sub-domains so that Django (and other apps) find them here."""

from pupils.ehc.models import AnnualReview, EHCAdvice, EHCAssessment, EHCException, EHCPlan
from pupils.places.models import Placement
from pupils.records.models import (
    Contact,
    Pupil,
    PupilCount,
    PupilImport,
    date_of_birth_problem,
    need_problems,
    paths_through,
)
from pupils.support.models import (
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
    "PupilCount",
    "PupilImport",
    "SupportCycle",
    "SupportOutcome",
    "SupportProvision",
    "date_of_birth_problem",
    "need_problems",
    "paths_through",
]
