"""Every statutory deadline of an EHC case, as rows for its page (DOMAIN.md).

Each row says what must happen, the rule in words with its source, the due date, the
date it was done, and where it stands today. All dates come from the pure functions in
pupils/statutory.py; nothing here touches the database beyond what the caller passes in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pupils.ehc.statutory import (
    DeadlineStatus,
    amended_plan_due,
    annual_review_due,
    annual_review_followups,
    deadline_status,
    draft_comment_period_ends,
    ehc_assessment_deadlines,
    phase_transfer_deadline,
)
from pupils.models import AnnualReview, EHCAssessment, EHCException, EHCPlan
from sendhub.dates import add_weeks

# Where a row stands.
MET = "met"
MISSED = "missed"
OPEN = "open"  # still to do, not yet due
OVERDUE = "overdue"  # still to do, the due date has passed
WAITING = "waiting"  # starts when an earlier step happens
CONDITIONAL = "conditional"  # applies only if a later decision goes one way
NOT_APPLICABLE = "not_applicable"
LIFTED = "lifted"  # the 20-week limit, when an exception is recorded (reg 13(3))
ENDED = "ended"  # a period for someone else (the parent's 15 days) ran out
NOT_RECORDED = "not_recorded"  # a step before a meeting that took place without it being recorded

_TAGS: dict[str, tuple[str, str]] = {
    MET: ("Met", "govuk-tag--green"),
    MISSED: ("Missed", "govuk-tag--red"),
    OPEN: ("Open", "govuk-tag--blue"),
    OVERDUE: ("Overdue", "govuk-tag--red"),
    WAITING: ("Not started", "govuk-tag--grey"),
    CONDITIONAL: ("If amended", "govuk-tag--grey"),
    NOT_APPLICABLE: ("Not applicable", "govuk-tag--grey"),
    LIFTED: ("Limit lifted", "govuk-tag--yellow"),
    ENDED: ("Period ended", "govuk-tag--grey"),
    NOT_RECORDED: ("Not recorded", "govuk-tag--grey"),
}

# What kind of date a row is: a deadline the local authority must meet, a period given to
# someone else (the parent's 15 days), or a target from guidance and practice.
DEADLINE = "deadline"
PERIOD = "period"
GUIDANCE = "guidance"
# Guidance targets are not statutory deadlines: missing one is shown, less loudly.
_GUIDANCE_TAGS: dict[str, tuple[str, str]] = {
    MET: ("On target", "govuk-tag--green"),
    MISSED: ("After target", "govuk-tag--yellow"),
    OVERDUE: ("Past target", "govuk-tag--yellow"),
}

# Draft plans have no statutory deadline; by week 14 both 15-day periods fit before week 20.
DRAFT_TARGET_WEEKS = 14


@dataclass(frozen=True)
class DeadlineRow:
    key: str
    what: str
    rule: str
    outcome: str
    due: date | None = None
    done: date | None = None
    status: DeadlineStatus | None = None
    note: str = ""
    kind: str = DEADLINE

    @property
    def statutory(self) -> bool:
        return self.kind != GUIDANCE

    def _tag(self) -> tuple[str, str]:
        if self.kind == GUIDANCE and self.outcome in _GUIDANCE_TAGS:
            return _GUIDANCE_TAGS[self.outcome]
        return _TAGS[self.outcome]

    @property
    def tag(self) -> str:
        return self._tag()[0]

    @property
    def tag_class(self) -> str:
        return self._tag()[1]

    @property
    def is_open(self) -> bool:
        return self.outcome in (OPEN, OVERDUE)

    @property
    def summary(self) -> str:
        """ "Met, 3 days early", "Overdue by 1 day"... from DeadlineStatus; periods that ran out say so."""
        if self.status is None:
            return ""
        if self.outcome == ENDED:
            days = -self.status.days
            return "Ended today" if days == 0 else f"Ended {days} day{'s' if days != 1 else ''} ago"
        return self.status.summary


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _row(key: str, what: str, rule: str, due: date, done: date | None, today: date, **extra) -> DeadlineRow:
    status = deadline_status(due, done, today)
    if status.met is None:
        outcome = OVERDUE if status.days < 0 else OPEN
    else:
        outcome = MET if status.met else MISSED
    return DeadlineRow(key=key, what=what, rule=rule, outcome=outcome, due=due, done=done, status=status, **extra)


def _not_applicable(key: str, what: str, rule: str, reason: str, **extra) -> DeadlineRow:
    return DeadlineRow(key=key, what=what, rule=rule, outcome=NOT_APPLICABLE, note=reason, **extra)


# --- EHC needs assessment ---------------------------------------------------------------------

RULE_DECIDE = "6 weeks from the request — reg 5(1)"
RULE_NOT_TO_ISSUE = "16 weeks from the request — reg 10(1)"
RULE_DRAFT = (
    f"No statutory deadline; about {DRAFT_TARGET_WEEKS} weeks from the request leaves time for the two 15-day "
    "periods before week 20 — practice"
)
RULE_COMMENTS = "15 days beginning with the day the draft was served — reg 13(1)(a)"
RULE_CONSULTATION = "15 days beginning with the day the school was consulted — Code of Practice 9.84 (guidance)"
RULE_FINAL = "20 weeks from the request — reg 13(2)"
RULE_FINAL_LIFTED = "20 weeks from the request — reg 13(2); limit lifted by an exception — reg 13(3)"


def consultation_reply_due(consulted_on: date) -> date:
    """The school's reply: counted like the parent's 15 days on the draft, which it runs beside (CoP 9.84)."""
    return draft_comment_period_ends(consulted_on)


def assessment_rows(
    assessment: EHCAssessment, today: date, exceptions: list[EHCException] | None = None
) -> list[DeadlineRow]:
    """The deadlines of a needs assessment, in the order the steps happen.

    Without `exceptions`, `assessment.exceptions.all()` is used (prefetch it for lists).
    """
    a = assessment
    due = ehc_assessment_deadlines(a.request_received_on)
    if exceptions is None:
        exceptions = list(a.exceptions.all())
    rows = [
        _row("decide", "Decide whether to assess", RULE_DECIDE, due["decide_whether_to_assess"], a.decision_on, today)
    ]

    closed = None  # why the later steps do not apply
    if a.decision == EHCAssessment.Decision.NOT_ASSESS:
        closed = f"The local authority decided not to assess on {long_date(a.decision_on)}"
    elif a.not_to_issue_on:
        closed = f"The parent was told on {long_date(a.not_to_issue_on)} that no plan will be issued"

    what = "Tell the parent if no plan will be issued"
    if a.decision == EHCAssessment.Decision.NOT_ASSESS:
        rows.append(_not_applicable("not_to_issue", what, RULE_NOT_TO_ISSUE, closed))
    elif a.draft_served_on:
        rows.append(
            _not_applicable(
                "not_to_issue",
                what,
                RULE_NOT_TO_ISSUE,
                f"A draft plan was served on {long_date(a.draft_served_on)}, so a plan is being issued",
            )
        )
    else:
        rows.append(
            _row("not_to_issue", what, RULE_NOT_TO_ISSUE, due["notify_decision_not_to_issue"], a.not_to_issue_on, today)
        )

    what = "Serve the draft plan"
    if closed:
        rows.append(_not_applicable("draft", what, RULE_DRAFT, closed, kind=GUIDANCE))
    else:
        target = add_weeks(a.request_received_on, DRAFT_TARGET_WEEKS)
        rows.append(_row("draft", what, RULE_DRAFT, target, a.draft_served_on, today, kind=GUIDANCE))

    what = "Parent's comments on the draft plan"
    if closed:
        rows.append(_not_applicable("comments", what, RULE_COMMENTS, closed, kind=PERIOD))
    elif not a.draft_served_on:
        rows.append(
            DeadlineRow(
                "comments", what, RULE_COMMENTS, WAITING, note="Starts when the draft plan is served", kind=PERIOD
            )
        )
    else:
        period_ends = draft_comment_period_ends(a.draft_served_on)
        row = _row("comments", what, RULE_COMMENTS, period_ends, a.comments_received_on, today, kind=PERIOD)
        if row.outcome == OVERDUE:  # the parent's period ran out: nobody is late
            row = DeadlineRow(
                "comments",
                what,
                RULE_COMMENTS,
                ENDED,
                due=period_ends,
                status=row.status,
                note="No comments were recorded",
                kind=PERIOD,
            )
        rows.append(row)

    school = a.school_consulted.name if a.school_consulted_id else "The school"
    what = f"{school} replies to the consultation"
    if closed:
        rows.append(
            _not_applicable(
                "consultation", "The school replies to the consultation", RULE_CONSULTATION, closed, kind=GUIDANCE
            )
        )
    elif not a.school_consulted_on:
        if a.final_issued_on:
            rows.append(
                _not_applicable(
                    "consultation", what, RULE_CONSULTATION, "No consultation with a school was recorded", kind=GUIDANCE
                )
            )
        else:
            rows.append(
                DeadlineRow(
                    "consultation",
                    what,
                    RULE_CONSULTATION,
                    WAITING,
                    note="Starts when a school is consulted",
                    kind=GUIDANCE,
                )
            )
    else:
        rows.append(
            _row(
                "consultation",
                what,
                RULE_CONSULTATION,
                consultation_reply_due(a.school_consulted_on),
                a.school_responded_on,
                today,
                kind=GUIDANCE,
            )
        )

    what = "Issue the final plan"
    if closed:
        rows.append(_not_applicable("final", what, RULE_FINAL, closed))
    else:
        row = _row("final", what, RULE_FINAL, due["issue_final_plan"], a.final_issued_on, today)
        if exceptions:
            kinds = "; ".join(sorted({e.get_kind_display().lower() for e in exceptions}))
            row = DeadlineRow(
                "final",
                what,
                RULE_FINAL_LIFTED,
                LIFTED,
                due=row.due,
                done=row.done,
                status=row.status,
                note=(
                    f"The 20-week limit does not apply: an exception is recorded ({kinds}). The date is "
                    "shown for reference."
                ),
            )
        rows.append(row)
    return rows


def next_deadline(rows: list[DeadlineRow]) -> DeadlineRow | None:
    """The earliest statutory deadline the local authority still has to meet."""
    open_rows = [row for row in rows if row.kind == DEADLINE and row.is_open]
    return min(open_rows, key=lambda row: row.due, default=None)


# --- Plans and annual reviews -----------------------------------------------------------------

RULE_REVIEW = "Within 12 months of the plan being made or of the last review — Children and Families Act 2014 s44"
RULE_NOTICE = "At least 2 weeks before the meeting — reg 20"
RULE_ADVICE = "At least 2 weeks before the meeting — reg 20"
RULE_REPORT = "Within 2 weeks of the meeting — reg 20"
RULE_DECISION = "Within 4 weeks of the meeting — reg 20, Code of Practice 9.176"
RULE_AMENDED_FROM_NOTICE = "Within 8 weeks of the amendment notice — reg 22"
RULE_AMENDED_FROM_MEETING = (
    "Within 12 weeks of the meeting: the proposed amendments go with the 4-week decision — R (L) v Devon [2022] "
    "EWHC 493, reg 22"
)
RULE_PHASE_TRANSFER = "Review and amendments complete by 15 February of the year of transfer — reg 18"
RULE_PHASE_TRANSFER_POST16 = (
    "Review and amendments complete by 31 March of the year of transfer (secondary to post-16) — reg 18"
)


def review_anchor(plan: EHCPlan, held_meetings: list[date]) -> date:
    """The date the next review is counted from: the plan, or the last review held since."""
    return max([plan.issued_on, *held_meetings])


def _phase_transfer_rule(plan: EHCPlan) -> str:
    return RULE_PHASE_TRANSFER_POST16 if plan.transfer_to_post16 else RULE_PHASE_TRANSFER


def review_completed_on(review: AnnualReview) -> date | None:
    """When a review and any amendment were complete: the amended plan, else the decision."""
    if review.decision == AnnualReview.Decision.AMEND:
        return review.amended_plan_issued_on
    return review.decision_on if review.decision else None


def review_rows(review: AnnualReview, plan: EHCPlan, anchor: date, today: date) -> list[DeadlineRow]:
    """The deadlines of one annual review; `anchor` is the plan or previous review it is counted from."""
    r = review
    held = r.meeting_on <= today
    rows = [
        _row(
            "review",
            "Hold the annual review meeting",
            RULE_REVIEW,
            annual_review_due(anchor),
            r.meeting_on if held else None,
            today,
            note="" if held else f"Meeting arranged for {long_date(r.meeting_on)}",
        )
    ]
    before = add_weeks(r.meeting_on, -2)
    for key, what, rule, done in (
        ("notice", "Invite people to the meeting", RULE_NOTICE, r.notice_given_on),
        ("advice", "Send out advice for the meeting", RULE_ADVICE, r.advice_circulated_on),
    ):
        if held and done is None:
            rows.append(
                DeadlineRow(
                    key, what, rule, NOT_RECORDED, due=before, note="The meeting took place; no date was recorded"
                )
            )
        else:
            rows.append(_row(key, what, rule, before, done, today))

    followups = annual_review_followups(r.meeting_on)
    rows.append(_row("report", "Send the review report", RULE_REPORT, followups["report_due"], r.report_sent_on, today))
    rows.append(
        _row(
            "decision",
            "Decide to maintain, amend or cease the plan",
            RULE_DECISION,
            followups["decision_due"],
            r.decision_on,
            today,
        )
    )

    amend = AnnualReview.Decision.AMEND
    what_notice = "Issue the amended plan (from the amendment notice)"
    what_meeting = "Issue the amended plan (from the meeting)"
    if r.decision and r.decision != amend:
        reason = f"The decision was to {r.get_decision_display().lower()}"
        rows.append(_not_applicable("amended_from_notice", what_notice, RULE_AMENDED_FROM_NOTICE, reason))
        rows.append(_not_applicable("amended_from_meeting", what_meeting, RULE_AMENDED_FROM_MEETING, reason))
    elif not r.decision:
        rows.append(
            DeadlineRow(
                "amended_from_notice",
                what_notice,
                RULE_AMENDED_FROM_NOTICE,
                CONDITIONAL,
                note="Applies if the decision is to amend the plan",
            )
        )
        rows.append(
            DeadlineRow(
                "amended_from_meeting",
                what_meeting,
                RULE_AMENDED_FROM_MEETING,
                CONDITIONAL,
                due=followups["amended_plan_due"],
                note="Applies if the decision is to amend the plan",
            )
        )
    else:
        if r.amendment_notice_on:
            rows.append(
                _row(
                    "amended_from_notice",
                    what_notice,
                    RULE_AMENDED_FROM_NOTICE,
                    amended_plan_due(r.amendment_notice_on),
                    r.amended_plan_issued_on,
                    today,
                )
            )
        else:
            rows.append(
                DeadlineRow(
                    "amended_from_notice",
                    what_notice,
                    RULE_AMENDED_FROM_NOTICE,
                    WAITING,
                    note="Starts when the amendment notice is sent",
                )
            )
        rows.append(
            _row(
                "amended_from_meeting",
                what_meeting,
                RULE_AMENDED_FROM_MEETING,
                followups["amended_plan_due"],
                r.amended_plan_issued_on,
                today,
            )
        )

    if r.is_phase_transfer:
        what = "Complete the review and any amendments for the phase transfer"
        if plan.transfer_year is None:
            rows.append(
                DeadlineRow(
                    "phase_transfer",
                    what,
                    RULE_PHASE_TRANSFER,
                    WAITING,
                    note="Record the year of transfer on the plan to see this deadline",
                )
            )
        else:
            rows.append(
                _row(
                    "phase_transfer",
                    what,
                    _phase_transfer_rule(plan),
                    phase_transfer_deadline(plan.transfer_year, plan.transfer_to_post16),
                    review_completed_on(r),
                    today,
                )
            )
    return rows


def plan_rows(plan: EHCPlan, reviews: list[AnnualReview], today: date) -> list[DeadlineRow]:
    """The plan's own deadlines: its next annual review and, if one is planned, its phase transfer."""
    rows: list[DeadlineRow] = []
    what = "Next annual review"
    if plan.ceased_on and plan.ceased_on <= today:
        rows.append(
            _not_applicable("next_review", what, RULE_REVIEW, f"The plan ceased on {long_date(plan.ceased_on)}")
        )
        return rows
    held = [r.meeting_on for r in reviews if r.meeting_on <= today]
    arranged = sorted(r.meeting_on for r in reviews if r.meeting_on > today)
    note = f"Meeting arranged for {long_date(arranged[0])}" if arranged else ""
    rows.append(
        _row("next_review", what, RULE_REVIEW, annual_review_due(review_anchor(plan, held)), None, today, note=note)
    )
    if plan.transfer_year is not None:
        transfer_reviews = [r for r in reviews if r.is_phase_transfer]
        done = review_completed_on(transfer_reviews[0]) if transfer_reviews else None
        rows.append(
            _row(
                "phase_transfer",
                "Complete the phase transfer review and any amendments",
                _phase_transfer_rule(plan),
                phase_transfer_deadline(plan.transfer_year, plan.transfer_to_post16),
                done,
                today,
                note="" if transfer_reviews else "No phase transfer review is recorded yet",
            )
        )
    return rows
