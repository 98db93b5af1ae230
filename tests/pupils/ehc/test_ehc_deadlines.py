"""Deadline rows of EHC case pages: met, missed, open, not applicable, lifted by an exception; reviews and transfers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pupils.ehc import deadlines as d
from pupils.ehc.selectors import latest_anchor_due_by
from pupils.models import AnnualReview, EHCAssessment, EHCException, EHCPlan
from pupils.statutory import annual_review_due

RECEIVED = date(2025, 1, 6)  # a Monday
ASSESS, NOT_ASSESS = EHCAssessment.Decision.ASSESS, EHCAssessment.Decision.NOT_ASSESS


def rows_for(today: date, exceptions=(), **fields) -> dict[str, d.DeadlineRow]:
    assessment = EHCAssessment(request_received_on=RECEIVED, **fields)
    return {row.key: row for row in d.assessment_rows(assessment, today, list(exceptions))}


def test_a_new_request_has_its_decision_open_with_days_remaining():
    rows = rows_for(date(2025, 2, 5))
    decide = rows["decide"]
    assert decide.due == date(2025, 2, 17) and decide.due.strftime("%A") == "Monday"
    assert decide.outcome == d.OPEN and decide.summary == "Due in 12 days"
    assert decide.rule == "6 weeks from the request — reg 5(1)"
    assert rows["comments"].outcome == d.WAITING and rows["comments"].note == "Starts when the draft plan is served"
    assert rows["final"].due == date(2025, 5, 26) and rows["final"].outcome == d.OPEN


def test_a_late_decision_is_overdue_then_missed():
    assert rows_for(date(2025, 2, 18))["decide"].summary == "Overdue by 1 day"
    assert rows_for(date(2025, 2, 18))["decide"].tag == "Overdue"
    missed = rows_for(date(2025, 3, 1), decision=ASSESS, decision_on=date(2025, 2, 22))["decide"]
    assert missed.outcome == d.MISSED and missed.summary == "Missed by 5 days" and missed.tag_class == "govuk-tag--red"


def test_a_decision_on_the_last_day_is_met():
    row = rows_for(date(2025, 3, 1), decision=ASSESS, decision_on=date(2025, 2, 17))["decide"]
    assert row.outcome == d.MET and row.summary == "Met on the day" and row.tag == "Met"


def test_after_a_decision_not_to_assess_the_later_steps_do_not_apply_and_say_why():
    rows = rows_for(date(2025, 3, 1), decision=NOT_ASSESS, decision_on=date(2025, 2, 14))
    assert rows["decide"].summary == "Met, 3 days early"
    for key in ("not_to_issue", "draft", "comments", "consultation", "final"):
        assert rows[key].outcome == d.NOT_APPLICABLE, key
        assert rows[key].note == "The local authority decided not to assess on 14 February 2025"
        assert rows[key].tag == "Not applicable"


def test_the_16_week_deadline_does_not_apply_once_a_draft_was_served():
    rows = rows_for(date(2025, 4, 1), decision=ASSESS, decision_on=date(2025, 2, 10), draft_served_on=date(2025, 3, 31))
    assert rows["not_to_issue"].outcome == d.NOT_APPLICABLE
    assert rows["not_to_issue"].note == "A draft plan was served on 31 March 2025, so a plan is being issued"


def test_the_16_week_deadline_is_open_while_assessing_and_met_by_a_decision_not_to_issue():
    open_row = rows_for(date(2025, 3, 1), decision=ASSESS, decision_on=date(2025, 2, 10))["not_to_issue"]
    assert open_row.due == date(2025, 4, 28) and open_row.outcome == d.OPEN
    rows = rows_for(date(2025, 6, 1), decision=ASSESS, decision_on=date(2025, 2, 10), not_to_issue_on=date(2025, 4, 28))
    assert rows["not_to_issue"].outcome == d.MET
    assert rows["final"].outcome == d.NOT_APPLICABLE
    assert rows["final"].note == "The parent was told on 28 April 2025 that no plan will be issued"


def test_the_parents_15_days_begin_with_the_day_the_draft_was_served():
    rows = rows_for(date(2025, 4, 1), decision=ASSESS, decision_on=date(2025, 2, 10), draft_served_on=date(2025, 3, 31))
    assert rows["comments"].due == date(2025, 4, 14) and rows["comments"].summary == "Due in 13 days"
    ended = rows_for(
        date(2025, 4, 16), decision=ASSESS, decision_on=date(2025, 2, 10), draft_served_on=date(2025, 3, 31)
    )["comments"]
    assert ended.outcome == d.ENDED and ended.summary == "Ended 2 days ago" and not ended.is_open
    received = rows_for(
        date(2025, 4, 16),
        decision=ASSESS,
        decision_on=date(2025, 2, 10),
        draft_served_on=date(2025, 3, 31),
        comments_received_on=date(2025, 4, 10),
    )["comments"]
    assert received.outcome == d.MET and received.summary == "Met, 4 days early"


def test_the_school_consultation_is_guidance_counted_like_the_parents_15_days():
    row = rows_for(
        date(2025, 4, 1),
        decision=ASSESS,
        decision_on=date(2025, 2, 10),
        school_consulted_on=date(2025, 3, 31),
        school_responded_on=date(2025, 4, 20),
    )["consultation"]
    assert row.due == date(2025, 4, 14) and row.outcome == d.MISSED and not row.statutory
    assert "Code of Practice 9.84" in row.rule


def test_the_final_plan_on_day_140_is_in_time_and_day_141_is_late():
    base = dict(decision=ASSESS, decision_on=date(2025, 2, 10), draft_served_on=date(2025, 4, 7))
    assert rows_for(date(2025, 6, 1), final_issued_on=date(2025, 5, 26), **base)["final"].outcome == d.MET
    late = rows_for(date(2025, 6, 1), final_issued_on=date(2025, 5, 27), **base)["final"]
    assert late.outcome == d.MISSED and late.summary == "Missed by 1 day"


def test_an_exception_lifts_the_20_week_limit_and_still_shows_the_date():
    exception = EHCException(kind=EHCException.Kind.ABSENT_FROM_AREA, starts_on=date(2025, 3, 1))
    row = rows_for(
        date(2025, 7, 1),
        exceptions=[exception],
        decision=ASSESS,
        decision_on=date(2025, 2, 10),
        draft_served_on=date(2025, 4, 7),
        final_issued_on=date(2025, 6, 30),
    )["final"]
    assert row.outcome == d.LIFTED and row.tag == "Limit lifted"
    assert row.due == date(2025, 5, 26) and row.summary == "Missed by 35 days"
    assert "reg 13(3)" in row.rule and "does not apply" in row.note and "away from the area" in row.note
    assert not row.is_open


def test_the_next_deadline_is_the_earliest_open_statutory_one():
    rows = d.assessment_rows(
        EHCAssessment(request_received_on=RECEIVED, decision=ASSESS, decision_on=date(2025, 2, 10)),
        date(2025, 3, 1),
        [],
    )
    assert d.next_deadline(rows).key == "not_to_issue"
    closed = d.assessment_rows(
        EHCAssessment(request_received_on=RECEIVED, decision=NOT_ASSESS, decision_on=date(2025, 2, 10)),
        date(2025, 3, 1),
        [],
    )
    assert d.next_deadline(closed) is None


# --- Annual reviews --------------------------------------------------------------------------------


def plan(issued: date, **fields) -> EHCPlan:
    return EHCPlan(issued_on=issued, **fields)


def review_rows(review: AnnualReview, the_plan: EHCPlan, today: date, anchor: date | None = None):
    return {row.key: row for row in d.review_rows(review, the_plan, anchor or the_plan.issued_on, today)}


def test_a_plan_made_on_29_february_is_reviewed_by_28_february():
    leap = plan(date(2024, 2, 29))
    row = d.plan_rows(leap, [], date(2025, 2, 1))[0]
    assert row.due == date(2025, 2, 28) and row.summary == "Due in 27 days"
    assert "Children and Families Act 2014 s44" in row.rule


def test_the_next_review_is_counted_from_the_last_review_held():
    the_plan = plan(date(2024, 3, 4))
    held = AnnualReview(meeting_on=date(2025, 2, 20), decision="maintain", decision_on=date(2025, 2, 21))
    arranged = AnnualReview(meeting_on=date(2026, 2, 10))
    row = d.plan_rows(the_plan, [arranged, held], date(2026, 1, 5))[0]
    assert row.due == date(2026, 2, 20) and row.note == "Meeting arranged for 10 February 2026"


def test_a_ceased_plan_has_no_next_review():
    row = d.plan_rows(plan(date(2023, 5, 2), ceased_on=date(2025, 1, 10)), [], date(2025, 3, 1))[0]
    assert row.outcome == d.NOT_APPLICABLE and row.note == "The plan ceased on 10 January 2025"


def test_review_rows_for_a_meeting_with_an_amendment():
    the_plan = plan(date(2024, 3, 4))
    review = AnnualReview(
        meeting_on=date(2025, 2, 20),
        notice_given_on=date(2025, 2, 10),
        advice_circulated_on=date(2025, 2, 6),
        report_sent_on=date(2025, 3, 3),
        decision="amend",
        decision_on=date(2025, 3, 20),
        amendment_notice_on=date(2025, 3, 20),
        amended_plan_issued_on=date(2025, 5, 20),
    )
    rows = review_rows(review, the_plan, date(2025, 6, 1))
    assert rows["review"].due == date(2025, 3, 4) and rows["review"].summary == "Met, 12 days early"
    assert rows["notice"].due == date(2025, 2, 6) and rows["notice"].outcome == d.MISSED
    assert rows["advice"].outcome == d.MET and rows["advice"].summary == "Met on the day"
    assert rows["report"].due == date(2025, 3, 6) and rows["report"].outcome == d.MET
    assert rows["decision"].due == date(2025, 3, 20) and rows["decision"].outcome == d.MET
    # 8 weeks from the notice (reg 22) and 12 weeks from the meeting (R (L) v Devon).
    assert (
        rows["amended_from_notice"].due == date(2025, 5, 15)
        and rows["amended_from_notice"].summary == "Missed by 5 days"
    )
    assert rows["amended_from_meeting"].due == date(2025, 5, 15)
    assert "R (L) v Devon" in rows["amended_from_meeting"].rule
    assert "phase_transfer" not in rows


def test_amendment_rows_wait_for_the_decision_and_do_not_apply_to_maintain():
    the_plan = plan(date(2024, 3, 4))
    undecided = review_rows(AnnualReview(meeting_on=date(2025, 2, 20)), the_plan, date(2025, 2, 25))
    assert undecided["amended_from_meeting"].outcome == d.CONDITIONAL
    assert undecided["amended_from_meeting"].due == date(2025, 5, 15)
    assert undecided["notice"].outcome == d.NOT_RECORDED
    maintained = review_rows(
        AnnualReview(meeting_on=date(2025, 2, 20), decision="maintain", decision_on=date(2025, 3, 1)),
        the_plan,
        date(2025, 3, 5),
    )
    assert maintained["amended_from_notice"].outcome == d.NOT_APPLICABLE
    assert maintained["amended_from_notice"].note == "The decision was to maintain the plan as it is"


def test_a_meeting_arranged_in_the_future_is_open_with_its_notice_due_two_weeks_before():
    rows = review_rows(AnnualReview(meeting_on=date(2025, 3, 3)), plan(date(2024, 3, 4)), date(2025, 2, 10))
    assert rows["review"].outcome == d.OPEN and rows["review"].note == "Meeting arranged for 3 March 2025"
    assert rows["notice"].due == date(2025, 2, 17) and rows["notice"].summary == "Due in 7 days"


@pytest.mark.parametrize(
    "post16, due, rule",
    [
        (False, date(2027, 2, 15), "15 February"),
        (True, date(2027, 3, 31), "31 March"),
    ],
)
def test_a_phase_transfer_review_is_due_by_15_february_or_31_march(post16, due, rule):
    the_plan = plan(date(2024, 6, 3), transfer_year=2027, transfer_to_post16=post16)
    review = AnnualReview(
        meeting_on=date(2026, 11, 2),
        is_phase_transfer=True,
        decision="amend",
        decision_on=date(2026, 11, 20),
        amendment_notice_on=date(2026, 11, 20),
    )
    row = review_rows(review, the_plan, date(2026, 12, 1))["phase_transfer"]
    assert row.due == due and rule in row.rule and "reg 18" in row.rule and row.outcome == d.OPEN
    review.amended_plan_issued_on = date(2027, 1, 10)
    assert review_rows(review, the_plan, date(2027, 1, 11))["phase_transfer"].outcome == d.MET
    assert d.plan_rows(the_plan, [review], date(2027, 1, 11))[1].outcome == d.MET


def test_a_phase_transfer_review_without_a_year_asks_for_it():
    review = AnnualReview(meeting_on=date(2026, 11, 2), is_phase_transfer=True)
    row = review_rows(review, plan(date(2024, 6, 3)), date(2026, 12, 1))["phase_transfer"]
    assert row.outcome == d.WAITING and "Record the year of transfer" in row.note


@pytest.mark.parametrize(
    "horizon, latest",
    [
        (date(2025, 2, 28), date(2024, 2, 29)),  # a plan of 29 Feb 2024 is due 28 Feb 2025
        (date(2028, 2, 29), date(2027, 2, 28)),
        (date(2026, 3, 1), date(2025, 3, 1)),
    ],
)
def test_the_reviews_due_by_a_date_include_29_february_plans(horizon, latest):
    assert latest_anchor_due_by(horizon) == latest
    assert annual_review_due(latest) <= horizon < annual_review_due(latest + timedelta(days=1))


def test_the_parents_comment_period_is_not_the_local_authoritys_next_deadline():
    rows = d.assessment_rows(
        EHCAssessment(
            request_received_on=RECEIVED,
            decision=ASSESS,
            decision_on=date(2025, 2, 10),
            draft_served_on=date(2025, 3, 31),
        ),
        date(2025, 4, 1),
        [],
    )
    assert d.next_deadline(rows).key == "final"


def test_a_missed_guidance_target_is_shown_less_loudly_than_a_missed_deadline():
    draft = rows_for(
        date(2025, 5, 1), decision=ASSESS, decision_on=date(2025, 2, 10), draft_served_on=date(2025, 4, 21)
    )["draft"]
    assert draft.due == date(2025, 4, 14) and draft.outcome == d.MISSED and not draft.statutory
    assert (draft.tag, draft.tag_class) == ("After target", "govuk-tag--yellow")
    assert draft.summary == "Missed by 7 days"
