"""Statutory rules for pupils: UPN validation and EHC plan deadlines.

Pure functions, no Django. Periods follow the portal convention in DOMAIN.md ("Counting
time"): calendar days only, "within N weeks of D" is D + 7N days, "N days beginning with D"
ends on D + (N - 1) days, and "within 12 months" maps 29 February to 28 February.
Regulation numbers refer to the Special Educational Needs and Disability Regulations 2014.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sendhub.dates import academic_year, add_weeks, add_years_clamped, require_date, require_int

__all__ = [
    "UPN_CHECK_LETTERS",
    "upn_check_letter",
    "normalise_upn",
    "upn_problem",
    "is_valid_upn",
    "ehc_assessment_deadlines",
    "draft_comment_period_ends",
    "issued_within_20_weeks",
    "annual_review_due",
    "annual_review_followups",
    "amended_plan_due",
    "phase_transfer_deadline",
    "academic_year",
    "DeadlineStatus",
    "deadline_status",
]

# DfE check-letter table: 23 letters, I, O and S left out so they cannot be misread as 1, 0, 5.
UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
# Sets, not strings: "x in str" is a substring test, and some characters uppercase to two.
_TABLE_LETTERS = frozenset(UPN_CHECK_LETTERS)
_DIGITS = frozenset("0123456789")
UPN_LENGTH = 13

_PHASE_TRANSFER_MIN_YEAR = 2000
_PHASE_TRANSFER_MAX_YEAR = 2100


# --- UPN -------------------------------------------------------------------------------


def _require_str(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    return value


def normalise_upn(upn: str) -> str:
    """UPN as stored: outer whitespace removed, upper case."""
    return _require_str(upn, "upn").strip().upper()


def _check_letter_for(body: str) -> str:
    """Check letter for an upper-case body already known to have the right shape."""
    total = 0
    for weight, char in enumerate(body, start=2):
        # A temporary UPN's final letter counts as its position in the check-letter table.
        value = int(char) if char in _DIGITS else UPN_CHECK_LETTERS.index(char)
        total += weight * value
    return UPN_CHECK_LETTERS[total % 23]


def upn_check_letter(body: str) -> str:
    """Check letter for the 12 characters that follow it in a UPN (DfE UPN guidance).

    ``body`` is 11 digits then a digit (permanent UPN) or a table letter (temporary UPN);
    a lower-case final letter is accepted. Raises ValueError for any other shape.
    """
    _require_str(body, "body")
    upper = body.upper()
    if len(body) != UPN_LENGTH - 1 or len(upper) != len(body):
        raise ValueError(f"UPN body must be 12 characters, got {len(body)}: {body!r}")
    if not all(char in _DIGITS for char in upper[:11]):
        raise ValueError(f"UPN body must start with 11 digits: {body!r}")
    if upper[11] not in _DIGITS and upper[11] not in _TABLE_LETTERS:
        raise ValueError(
            f"UPN body must end with a digit or a letter from {UPN_CHECK_LETTERS}: {body!r}"
        )
    return _check_letter_for(upper)


def upn_problem(upn: str) -> str | None:
    """None for a valid UPN (permanent or temporary), else one plain-English message for users.

    Case and outer spaces are ignored. The first problem found is reported, in the order
    a person would check the number: length, first character, the digits, last character,
    then the check letter.
    """
    stripped = _require_str(upn, "upn").strip()
    if not stripped:
        return "Enter a UPN"
    if len(stripped) != UPN_LENGTH:
        return f"UPN must be {UPN_LENGTH} characters, you entered {len(stripped)}"
    # Uppercase character by character: some non-ASCII letters grow when uppercased
    # (e.g. "ß" -> "SS"), which must not shift the positions checked below.
    first, middle, last = stripped[0].upper(), stripped[1:12], stripped[12].upper()
    if first not in _TABLE_LETTERS:
        return "The first character of a UPN must be a letter (A to Z, not I, O or S)"
    if not all(char in _DIGITS for char in middle):
        return "Characters 2 to 12 of a UPN must be numbers"
    if last not in _DIGITS:
        if last in ("I", "O", "S"):
            return "The last letter of a temporary UPN cannot be I, O or S"
        if last not in _TABLE_LETTERS:
            return "The last character of a UPN must be a number, or a letter for a temporary UPN"
    if _check_letter_for(middle + last) != first:
        return (
            "The check letter does not match the rest of the UPN \N{EN DASH} "
            "check it has been copied correctly"
        )
    return None


def is_valid_upn(upn: str) -> bool:
    """True for a valid permanent or temporary UPN; ignores case and outer spaces."""
    return upn_problem(upn) is None


# --- EHC needs assessment and plan -------------------------------------------------------


def ehc_assessment_deadlines(received: date) -> dict[str, date]:
    """Statutory deadlines counted from the day the request for assessment was received.

    decide whether to assess: 6 weeks (reg 5(1)); notify a decision not to issue a plan:
    16 weeks (reg 10(1)); issue the final plan: 20 weeks (reg 13(2)).
    """
    require_date(received, "received")
    return {
        "decide_whether_to_assess": add_weeks(received, 6),
        "notify_decision_not_to_issue": add_weeks(received, 16),
        "issue_final_plan": add_weeks(received, 20),
    }


def draft_comment_period_ends(served: date) -> date:
    """Last day for comments on a draft plan: 15 days beginning with the day served (reg 13(1)(a))."""
    require_date(served, "served")
    # "Beginning with" counts the day of service itself as day 1.
    return served + timedelta(days=14)


def issued_within_20_weeks(received: date, issued: date) -> bool:
    """True when the final plan was issued within 20 weeks of the request (reg 13(2)).

    Day 140 after the request is still in time. Exceptions under reg 10(4) are not
    considered here; timeliness is reported both with and without them.
    """
    require_date(received, "received")
    require_date(issued, "issued")
    if issued < received:
        raise ValueError(
            f"Plan issued ({issued.isoformat()}) before the request was received "
            f"({received.isoformat()})"
        )
    return issued <= add_weeks(received, 20)


# --- Annual review and amendment ----------------------------------------------------------


def annual_review_due(last: date) -> date:
    """Review due within 12 months of the plan being made or last reviewed (CFA 2014 s44).

    29 February maps to 28 February in a common year (portal convention).
    """
    require_date(last, "last")
    return add_years_clamped(last, 1)


def annual_review_followups(meeting: date) -> dict[str, date]:
    """Deadlines counted from an annual review meeting.

    report sent: 2 weeks (reg 20); decision to maintain, amend or cease: 4 weeks (reg 20,
    CoP 9.176); amended plan: 12 weeks, because since R (L) v Devon [2022] EWHC 493 the
    proposed amendments go with the 4-week decision and reg 22 then allows 8 weeks.
    """
    require_date(meeting, "meeting")
    return {
        "report_due": add_weeks(meeting, 2),
        "decision_due": add_weeks(meeting, 4),
        "amended_plan_due": add_weeks(meeting, 12),
    }


def amended_plan_due(amendment_notice: date) -> date:
    """Final amended plan due within 8 weeks of the amendment notice (reg 22)."""
    require_date(amendment_notice, "amendment_notice")
    return add_weeks(amendment_notice, 8)


def phase_transfer_deadline(year_of_transfer: int, to_post16: bool) -> date:
    """Review and amendments complete before a phase transfer (reg 18).

    15 February of the calendar year of transfer; 31 March for secondary school to post-16.
    """
    require_int(year_of_transfer, "year_of_transfer")
    if not isinstance(to_post16, bool):
        raise TypeError(f"to_post16 must be a bool, got {type(to_post16).__name__}")
    if not (_PHASE_TRANSFER_MIN_YEAR <= year_of_transfer <= _PHASE_TRANSFER_MAX_YEAR):
        raise ValueError(
            f"year_of_transfer must be between {_PHASE_TRANSFER_MIN_YEAR} and "
            f"{_PHASE_TRANSFER_MAX_YEAR}, got {year_of_transfer}"
        )
    return date(year_of_transfer, 3, 31) if to_post16 else date(year_of_transfer, 2, 15)


# --- Deadline status for the UI -------------------------------------------------------------


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


@dataclass(frozen=True)
class DeadlineStatus:
    """Where a deadline stands.

    ``met`` is None while the step is still open. ``days`` is, when open, the days remaining
    from today (negative when overdue); when done, the days early (>= 0) or late (< 0).
    """

    due: date
    done: date | None
    met: bool | None
    days: int

    @property
    def summary(self) -> str:
        """Plain-English status, e.g. "Met, 3 days early" or "Overdue by 1 day"."""
        if self.done is not None:
            if self.days > 0:
                return f"Met, {_days(self.days)} early"
            if self.days == 0:
                return "Met on the day"
            return f"Missed by {_days(-self.days)}"
        if self.days > 0:
            return f"Due in {_days(self.days)}"
        if self.days == 0:
            return "Due today"
        return f"Overdue by {_days(-self.days)}"


def deadline_status(due: date, done: date | None, today: date) -> DeadlineStatus:
    """Status of a deadline ``due``, completed on ``done`` (None if not yet), as seen on ``today``.

    A deadline is met when done <= due: the due date itself is still in time.
    """
    require_date(due, "due")
    require_date(today, "today")
    if done is None:
        return DeadlineStatus(due=due, done=None, met=None, days=(due - today).days)
    require_date(done, "done")
    return DeadlineStatus(due=due, done=done, met=done <= due, days=(due - done).days)
