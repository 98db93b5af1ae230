"""Statutory rules for EHC needs assessments and plans: deadlines and how they are met.

Pure functions, no Django. Periods follow the portal convention in DOMAIN.md ("Counting
time"): calendar days only, "within N weeks of D" is D + 7N days, "N days beginning with D"
ends on D + (N - 1) days, and "within 12 months" maps 29 February to 28 February.
Regulation numbers refer to the Special Educational Needs and Disability Regulations 2014.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sendhub.dates import add_weeks, add_years_clamped, require_date, require_int

_PHASE_TRANSFER_MIN_YEAR = 2000
_PHASE_TRANSFER_MAX_YEAR = 2100


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
        raise ValueError(f"Plan issued ({issued.isoformat()}) before the request was received ({received.isoformat()})")
    return issued <= add_weeks(received, 20)


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


def amendment_representations_end(amendment_notice: date) -> date:
    """Last day for the parent's representations on proposed amendments: 15 days beginning with
    the day of the amendment notice (reg 22(2)(c)). The amended plan waits until after it, unless
    the representations are in."""
    require_date(amendment_notice, "amendment_notice")
    return amendment_notice + timedelta(days=14)


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
