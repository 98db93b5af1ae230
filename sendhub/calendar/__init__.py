"""The school calendar: term dates per local authority, England's defaults, bank holidays, working days.

Reads live in `selectors`, writes in `services`, the pages in `views`, `forms` and `urls`.
The reads other code schedules with are re-exported here (README: "Term dates and bank holidays").
"""

from sendhub.calendar.selectors import (
    ENGLAND_AND_WALES,
    HalfTermDates,
    SchoolYear,
    bank_holidays_between,
    default_half_terms,
    half_term_of,
    half_terms,
    is_bank_holiday,
    is_working_day,
    next_working_day,
    school_year,
    school_years,
)

__all__ = [
    "ENGLAND_AND_WALES",
    "HalfTermDates",
    "SchoolYear",
    "bank_holidays_between",
    "default_half_terms",
    "half_term_of",
    "half_terms",
    "is_bank_holiday",
    "is_working_day",
    "next_working_day",
    "school_year",
    "school_years",
]
