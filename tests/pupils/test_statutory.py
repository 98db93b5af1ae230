"""Tests for pupils.statutory: UPN validation and EHC plan deadlines (DOMAIN.md)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import sendhub.dates
from pupils.statutory import (
    DeadlineStatus,
    academic_year,
    amended_plan_due,
    annual_review_due,
    annual_review_followups,
    deadline_status,
    draft_comment_period_ends,
    ehc_assessment_deadlines,
    is_valid_upn,
    issued_within_20_weeks,
    normalise_upn,
    phase_transfer_deadline,
    upn_check_letter,
    upn_problem,
)

TABLE = "ABCDEFGHJKLMNPQRTUVWXYZ"
DIGITS = "0123456789"

MSG_LENGTH_12 = "UPN must be 13 characters, you entered 12"
MSG_FIRST = "The first character of a UPN must be a letter (A to Z, not I, O or S)"
MSG_MIDDLE = "Characters 2 to 12 of a UPN must be numbers"
MSG_LAST = "The last character of a UPN must be a number, or a letter for a temporary UPN"
MSG_CHECK = "The check letter does not match the rest of the UPN – check it has been copied correctly"

permanent_bodies = st.text(alphabet=DIGITS, min_size=12, max_size=12)
temporary_bodies = st.builds(
    lambda digits, letter: digits + letter,
    st.text(alphabet=DIGITS, min_size=11, max_size=11),
    st.sampled_from(TABLE),
)
any_bodies = st.one_of(permanent_bodies, temporary_bodies)
ordinary_dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31))
outer_space = st.text(alphabet=" \t\n", max_size=3)


def reference_check_letter(body: str) -> str:
    """Independent transcription of the DfE rule, to cross-check the implementation."""
    values = [int(c) if c.isdigit() else TABLE.index(c) for c in body]
    total = sum(weight * value for weight, value in zip(range(2, 14), values, strict=True))
    return TABLE[total % 23]


# --- UPN: DfE examples and the check letter ------------------------------------------------------


def test_dfe_permanent_example_is_valid() -> None:
    assert is_valid_upn("H801200001001")
    assert upn_problem("H801200001001") is None


def test_dfe_temporary_example_is_valid() -> None:
    assert is_valid_upn("G80120000101A")
    assert upn_problem("G80120000101A") is None


def test_check_letter_of_dfe_permanent_example_worked_by_hand() -> None:
    # 8*2 + 1*4 + 2*5 + 1*10 + 1*13 = 53; 53 mod 23 = 7; table[7] = H.
    assert upn_check_letter("801200001001") == "H"


def test_temporary_upn_final_letter_counts_as_its_table_index() -> None:
    # Body 8 0 1 2 0 0 0 0 1 0 1 A with weights 2..13, A counting as 0:
    # 16 + 4 + 10 + 10 + 12 + 0 = 52; 52 mod 23 = 6; table[6] = G.
    assert upn_check_letter("80120000101A") == "G"
    # Z is index 22, so it adds 13*22 = 286 where A added 0: 52 + 286 = 338; 338 mod 23 = 16 = T.
    assert upn_check_letter("80120000101Z") == "T"
    assert is_valid_upn("T80120000101Z")


def test_temporary_final_letter_b_counts_the_same_as_digit_1() -> None:
    # B is index 1 in the table, so a final "B" weighs exactly like a final "1".
    assert upn_check_letter("80120000101B") == upn_check_letter("801200001011")


def test_check_letter_remainder_zero_maps_to_a_and_22_maps_to_z() -> None:
    assert upn_check_letter("000000000000") == "A"
    # Weights 10 and 13 on two 1s: 23, remainder 0 -> A.
    assert upn_check_letter("000000001001") == "A"
    # Weight 12 on a 1: remainder 12 -> table[12] = N (I is skipped, so not M).
    assert upn_check_letter("000000000010") == "N"
    # Weight 2 on a 1 plus weight 4 on a 5: 22 -> the last letter, Z.
    assert upn_check_letter("105000000000") == "Z"


@given(any_bodies)
def test_computed_check_letter_matches_the_written_rule(body: str) -> None:
    assert upn_check_letter(body) == reference_check_letter(body)


@given(any_bodies)
def test_body_with_its_computed_check_letter_is_valid(body: str) -> None:
    upn = upn_check_letter(body) + body
    assert is_valid_upn(upn)
    assert upn_problem(upn) is None


@given(any_bodies, st.integers(min_value=0, max_value=11), st.integers(min_value=1, max_value=9))
def test_changing_any_one_digit_invalidates_the_upn(body: str, position: int, shift: int) -> None:
    assume(body[position] in DIGITS)
    upn = upn_check_letter(body) + body
    changed_digit = str((int(body[position]) + shift) % 10)
    changed = upn[: position + 1] + changed_digit + upn[position + 2 :]
    assert changed != upn
    assert not is_valid_upn(changed)
    assert upn_problem(changed) == MSG_CHECK


@given(temporary_bodies, st.sampled_from(TABLE))
def test_changing_the_temporary_final_letter_invalidates_the_upn(body: str, other: str) -> None:
    assume(other != body[-1])
    upn = upn_check_letter(body) + body
    assert not is_valid_upn(upn[:-1] + other)


@given(any_bodies, st.sampled_from(TABLE))
def test_wrong_check_letter_is_reported(body: str, letter: str) -> None:
    assume(letter != upn_check_letter(body))
    assert upn_problem(letter + body) == MSG_CHECK


@given(any_bodies, outer_space, outer_space)
def test_case_and_outer_spaces_are_ignored(body: str, before: str, after: str) -> None:
    upn = upn_check_letter(body) + body
    assert is_valid_upn(before + upn.lower() + after)
    assert is_valid_upn(before + upn + after)
    assert normalise_upn(before + upn.lower() + after) == upn


def test_lower_case_dfe_examples_are_valid() -> None:
    assert is_valid_upn("h801200001001")
    assert is_valid_upn("  g80120000101a  ")


def test_normalise_upn_strips_and_uppercases() -> None:
    assert normalise_upn("  g80120000101a\n") == "G80120000101A"


def test_normalise_upn_rejects_non_strings() -> None:
    with pytest.raises(TypeError):
        normalise_upn(None)  # type: ignore[arg-type]


def test_upn_check_letter_accepts_a_lower_case_temporary_letter() -> None:
    assert upn_check_letter("80120000101a") == "G"


@pytest.mark.parametrize(
    "body",
    [
        "",
        "80120000100",  # 11 characters
        "8012000010011",  # 13 characters
        "8012000010A1",  # letter before the last position
        "A01200001001",
        "80120000101I",  # I, O and S are not in the table
        "80120000101O",
        "80120000101S",
        "80120000101-",
        " 80120000100",  # a space counts as a character
        "٨٠١٢٠٠٠٠١٠٠١",  # Arabic-Indic digits are not UPN digits
        "8012000010ß1",  # "ß" uppercases to two letters
    ],
)
def test_upn_check_letter_rejects_bodies_of_the_wrong_shape(body: str) -> None:
    with pytest.raises(ValueError):
        upn_check_letter(body)


@pytest.mark.parametrize("body", [None, 801200001001, b"801200001001"])
def test_upn_check_letter_rejects_non_strings(body: object) -> None:
    with pytest.raises(TypeError):
        upn_check_letter(body)  # type: ignore[arg-type]


# --- UPN: each problem message -------------------------------------------------------------------


def test_upn_problem_reports_wrong_length_with_the_count_entered() -> None:
    assert upn_problem("H80120000100") == MSG_LENGTH_12
    assert upn_problem("H8012000010011") == "UPN must be 13 characters, you entered 14"
    assert upn_problem("H") == "UPN must be 13 characters, you entered 1"


def test_upn_problem_counts_length_after_removing_outer_spaces() -> None:
    assert upn_problem("  H80120000100  ") == MSG_LENGTH_12


def test_upn_problem_counts_inner_spaces_towards_the_length() -> None:
    assert upn_problem("H801 200001001") == "UPN must be 13 characters, you entered 14"


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_upn_problem_asks_for_a_upn_when_blank(blank: str) -> None:
    assert upn_problem(blank) == "Enter a UPN"
    assert not is_valid_upn(blank)


@pytest.mark.parametrize("first", ["1", "I", "O", "S", "i", "-", "É"])
def test_upn_problem_reports_a_first_character_that_is_not_a_table_letter(first: str) -> None:
    assert upn_problem(first + "801200001001") == MSG_FIRST


@pytest.mark.parametrize("upn", ["H8012A0001001", "H80120000A001", "H 01200001001", "H8012000010.1", "H٨01200001001"])
def test_upn_problem_reports_non_digits_in_characters_2_to_12(upn: str) -> None:
    assert upn_problem(upn) == MSG_MIDDLE


@pytest.mark.parametrize("last", ["-", "!", "É", "*"])
def test_upn_problem_reports_a_last_character_that_is_neither_number_nor_letter(last: str) -> None:
    assert upn_problem("G80120000101" + last) == MSG_LAST


@pytest.mark.parametrize("last", ["I", "O", "S", "i", "o", "s"])
def test_upn_problem_reports_temporary_letters_missing_from_the_table(last: str) -> None:
    assert upn_problem("G80120000101" + last) == "The last letter of a temporary UPN cannot be I, O or S"


def test_upn_problem_reports_a_check_letter_that_does_not_match() -> None:
    assert upn_problem("A801200001001") == MSG_CHECK
    assert upn_problem("H801200001002") == MSG_CHECK
    assert upn_problem("G80120000101B") == MSG_CHECK


def test_upn_problem_message_uses_an_en_dash() -> None:
    assert "\N{EN DASH}" in MSG_CHECK
    assert upn_problem("A801200001001") == MSG_CHECK


def test_upn_problem_reports_only_the_first_problem_found() -> None:
    # Wrong first character and a non-digit in the middle: the first character is reported.
    assert upn_problem("18012A0001001") == MSG_FIRST


def test_upn_problem_handles_characters_that_grow_when_uppercased() -> None:
    # "ß".upper() is "SS"; positions must not shift and no exception may escape.
    assert upn_problem("H80120000100ß") == MSG_LAST
    assert upn_problem("ß801200001001") == MSG_FIRST
    assert upn_problem("H8012000ß1001") == MSG_MIDDLE


@given(st.text(max_size=20))
def test_is_valid_upn_agrees_with_upn_problem_for_any_text(text: str) -> None:
    problem = upn_problem(text)
    assert is_valid_upn(text) is (problem is None)
    assert problem is None or (isinstance(problem, str) and problem)


@given(any_bodies.map(lambda body: upn_check_letter(body) + body))
def test_is_valid_upn_agrees_with_upn_problem_for_valid_upns(upn: str) -> None:
    assert is_valid_upn(upn) is (upn_problem(upn) is None) is True


@pytest.mark.parametrize("bad", [None, 801200001001, b"H801200001001", ["H801200001001"]])
def test_upn_validation_rejects_non_strings_with_type_error(bad: object) -> None:
    with pytest.raises(TypeError):
        upn_problem(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        is_valid_upn(bad)  # type: ignore[arg-type]


# --- EHC needs assessment deadlines ----------------------------------------------------------------


def test_assessment_deadlines_are_6_16_and_20_weeks_from_the_request() -> None:
    # Monday 5 January 2026.
    assert ehc_assessment_deadlines(date(2026, 1, 5)) == {
        "decide_whether_to_assess": date(2026, 2, 16),
        "notify_decision_not_to_issue": date(2026, 4, 27),
        "issue_final_plan": date(2026, 5, 25),
    }


def test_assessment_deadlines_cross_the_year_boundary() -> None:
    # Received Saturday 20 December 2025. By hand: 11 days left in December, so day 42 is
    # 31 January; day 112 = 31 (Jan) + 28 (Feb) + 31 (Mar) + 11 -> 11 April; day 140 -> 9 May.
    deadlines = ehc_assessment_deadlines(date(2025, 12, 20))
    assert deadlines["decide_whether_to_assess"] == date(2026, 1, 31)
    assert deadlines["notify_decision_not_to_issue"] == date(2026, 4, 11)
    assert deadlines["issue_final_plan"] == date(2026, 5, 9)


def test_assessment_deadlines_from_a_month_end() -> None:
    # 31 January 2026 + 42 days: 28 days of February then 14 of March.
    deadlines = ehc_assessment_deadlines(date(2026, 1, 31))
    assert deadlines["decide_whether_to_assess"] == date(2026, 3, 14)
    assert deadlines["issue_final_plan"] == date(2026, 6, 20)


def test_assessment_deadlines_count_29_february_in_a_leap_year() -> None:
    # 31 January 2028 + 42 days: 29 days of February then 13 of March.
    assert ehc_assessment_deadlines(date(2028, 1, 31))["decide_whether_to_assess"] == date(2028, 3, 13)


@given(ordinary_dates)
def test_assessment_deadlines_are_exactly_7n_days_later_on_the_same_weekday(received: date) -> None:
    deadlines = ehc_assessment_deadlines(received)
    assert set(deadlines) == {"decide_whether_to_assess", "notify_decision_not_to_issue", "issue_final_plan"}
    for key, weeks in [("decide_whether_to_assess", 6), ("notify_decision_not_to_issue", 16), ("issue_final_plan", 20)]:
        assert (deadlines[key] - received).days == 7 * weeks
        assert deadlines[key].weekday() == received.weekday()


# --- Draft plan comments: 15 days beginning with the day served ------------------------------------


@pytest.mark.parametrize(
    ("served", "ends"),
    [
        (date(2026, 1, 1), date(2026, 1, 15)),
        (date(2028, 2, 17), date(2028, 3, 2)),  # leap year: 29 February is one of the 15 days
        (date(2026, 2, 17), date(2026, 3, 3)),
        (date(2025, 12, 20), date(2026, 1, 3)),
        (date(2026, 1, 31), date(2026, 2, 14)),
    ],
)
def test_draft_comment_period_is_15_days_counting_the_day_served(served: date, ends: date) -> None:
    assert draft_comment_period_ends(served) == ends


@given(ordinary_dates)
def test_draft_comment_period_spans_exactly_15_calendar_days(served: date) -> None:
    ends = draft_comment_period_ends(served)
    assert (ends - served).days + 1 == 15


# --- 20-week timeliness ------------------------------------------------------------------------------


def test_plan_issued_on_day_140_is_within_20_weeks() -> None:
    received = date(2025, 12, 20)
    assert issued_within_20_weeks(received, received + timedelta(days=140))
    assert issued_within_20_weeks(received, date(2026, 5, 9))


def test_plan_issued_on_day_141_is_late() -> None:
    received = date(2025, 12, 20)
    assert not issued_within_20_weeks(received, received + timedelta(days=141))
    assert not issued_within_20_weeks(received, date(2026, 5, 10))


def test_plan_issued_on_the_day_of_the_request_is_within_20_weeks() -> None:
    assert issued_within_20_weeks(date(2026, 1, 5), date(2026, 1, 5))


def test_plan_issued_before_the_request_is_rejected() -> None:
    with pytest.raises(ValueError):
        issued_within_20_weeks(date(2026, 1, 5), date(2026, 1, 4))


@given(ordinary_dates, st.integers(min_value=0, max_value=400))
def test_within_20_weeks_means_at_most_140_days(received: date, elapsed: int) -> None:
    assert issued_within_20_weeks(received, received + timedelta(days=elapsed)) is (elapsed <= 140)


# --- Annual review and amendment -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last", "due"),
    [
        (date(2024, 2, 29), date(2025, 2, 28)),
        (date(2023, 2, 28), date(2024, 2, 28)),
        (date(2023, 3, 1), date(2024, 3, 1)),
        (date(2025, 12, 31), date(2026, 12, 31)),
        (date(2025, 9, 1), date(2026, 9, 1)),
    ],
)
def test_annual_review_due_12_months_after_the_plan_or_last_review(last: date, due: date) -> None:
    assert annual_review_due(last) == due


def test_annual_review_after_a_29_february_review_is_28_february() -> None:
    assert annual_review_due(date(2024, 2, 29)) == date(2025, 2, 28)


def test_annual_reviews_chain_from_each_review() -> None:
    first = annual_review_due(date(2024, 2, 29))
    assert annual_review_due(first) == date(2026, 2, 28)


def test_annual_review_followups_are_2_4_and_12_weeks_after_the_meeting() -> None:
    # Meeting Thursday 10 December 2026; 12 weeks (84 days) later crosses into 2027.
    assert annual_review_followups(date(2026, 12, 10)) == {
        "report_due": date(2026, 12, 24),
        "decision_due": date(2027, 1, 7),
        "amended_plan_due": date(2027, 3, 4),
    }


@given(ordinary_dates)
def test_annual_review_followups_are_exactly_7n_days_later(meeting: date) -> None:
    followups = annual_review_followups(meeting)
    assert set(followups) == {"report_due", "decision_due", "amended_plan_due"}
    assert (followups["report_due"] - meeting).days == 14
    assert (followups["decision_due"] - meeting).days == 28
    assert (followups["amended_plan_due"] - meeting).days == 84


def test_amended_plan_due_8_weeks_after_the_amendment_notice() -> None:
    assert amended_plan_due(date(2026, 1, 31)) == date(2026, 3, 28)
    assert amended_plan_due(date(2028, 1, 31)) == date(2028, 3, 27)


def test_amended_plan_via_the_decision_is_due_12_weeks_after_the_meeting() -> None:
    # Proposed amendments go with the 4-week decision; 4 + 8 weeks = 12 weeks (R (L) v Devon).
    meeting = date(2026, 6, 4)
    decision = annual_review_followups(meeting)["decision_due"]
    assert amended_plan_due(decision) == annual_review_followups(meeting)["amended_plan_due"]


@given(ordinary_dates)
def test_amended_plan_due_is_exactly_56_days_later(notice: date) -> None:
    assert (amended_plan_due(notice) - notice).days == 56


# --- Phase transfer ---------------------------------------------------------------------------------


def test_phase_transfer_deadline_is_15_february_of_the_transfer_year() -> None:
    assert phase_transfer_deadline(2026, False) == date(2026, 2, 15)


def test_phase_transfer_to_post16_deadline_is_31_march() -> None:
    assert phase_transfer_deadline(2026, True) == date(2026, 3, 31)


def test_phase_transfer_deadline_accepts_the_ends_of_the_range() -> None:
    assert phase_transfer_deadline(2000, False) == date(2000, 2, 15)
    assert phase_transfer_deadline(2100, True) == date(2100, 3, 31)


@pytest.mark.parametrize("year", [1999, 2101, 0, -2026, 26])
def test_phase_transfer_deadline_rejects_years_outside_2000_to_2100(year: int) -> None:
    with pytest.raises(ValueError):
        phase_transfer_deadline(year, False)


@pytest.mark.parametrize("year", [True, False, None, "2026", 2026.0, date(2026, 1, 1)])
def test_phase_transfer_deadline_rejects_bool_and_non_int_years(year: object) -> None:
    with pytest.raises(TypeError):
        phase_transfer_deadline(year, False)  # type: ignore[arg-type]


@pytest.mark.parametrize("to_post16", [None, 1, 0, "yes"])
def test_phase_transfer_deadline_requires_a_bool_for_to_post16(to_post16: object) -> None:
    with pytest.raises(TypeError):
        phase_transfer_deadline(2026, to_post16)  # type: ignore[arg-type]


# --- academic_year re-export ---------------------------------------------------------------------------


def test_academic_year_is_re_exported_from_sendhub_dates() -> None:
    assert academic_year is sendhub.dates.academic_year
    assert academic_year(date(2025, 9, 1)) == "2025/26"
    assert academic_year(date(2025, 8, 31)) == "2024/25"


# --- Deadline status ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "done", "today", "met", "days", "summary"),
    [
        (date(2026, 3, 10), date(2026, 3, 7), date(2026, 4, 1), True, 3, "Met, 3 days early"),
        (date(2026, 3, 10), date(2026, 3, 9), date(2026, 4, 1), True, 1, "Met, 1 day early"),
        (date(2026, 3, 10), date(2026, 3, 10), date(2026, 4, 1), True, 0, "Met on the day"),
        (date(2026, 3, 10), date(2026, 3, 11), date(2026, 4, 1), False, -1, "Missed by 1 day"),
        (date(2026, 3, 10), date(2026, 3, 15), date(2026, 4, 1), False, -5, "Missed by 5 days"),
        (date(2026, 3, 10), None, date(2026, 2, 26), None, 12, "Due in 12 days"),
        (date(2026, 3, 10), None, date(2026, 3, 9), None, 1, "Due in 1 day"),
        (date(2026, 3, 10), None, date(2026, 3, 10), None, 0, "Due today"),
        (date(2026, 3, 10), None, date(2026, 3, 11), None, -1, "Overdue by 1 day"),
        (date(2026, 3, 10), None, date(2026, 3, 20), None, -10, "Overdue by 10 days"),
    ],
)
def test_deadline_status_summary_in_plain_english(
    due: date, done: date | None, today: date, met: bool | None, days: int, summary: str
) -> None:
    status = deadline_status(due, done, today)
    assert status == DeadlineStatus(due=due, done=done, met=met, days=days)
    assert status.summary == summary


def test_deadline_status_open_days_count_across_a_year_end() -> None:
    status = deadline_status(date(2026, 1, 3), None, date(2025, 12, 30))
    assert status.days == 4
    assert status.summary == "Due in 4 days"


def test_deadline_status_when_done_ignores_today() -> None:
    early = deadline_status(date(2026, 3, 10), date(2026, 3, 7), date(2030, 1, 1))
    assert early.met is True
    assert early.summary == "Met, 3 days early"


def test_deadline_status_is_frozen() -> None:
    status = deadline_status(date(2026, 3, 10), None, date(2026, 3, 1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        status.days = 0  # type: ignore[misc]


@given(ordinary_dates, st.one_of(st.none(), ordinary_dates), ordinary_dates)
def test_deadline_is_met_exactly_when_done_on_or_before_due(due: date, done: date | None, today: date) -> None:
    status = deadline_status(due, done, today)
    if done is None:
        assert status.met is None
        assert status.days == (due - today).days
    else:
        assert status.met is (done <= due)
        assert status.days == (due - done).days
        assert status.met is (status.days >= 0)
    assert status.summary


BAD_DATES = [None, "2026-03-10", 20260310, True, datetime(2026, 3, 10, 9, 0)]


@pytest.mark.parametrize("bad", BAD_DATES, ids=repr)
def test_deadline_status_rejects_non_dates(bad: object) -> None:
    with pytest.raises(TypeError):
        deadline_status(bad, None, date(2026, 3, 1))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        deadline_status(date(2026, 3, 10), None, bad)  # type: ignore[arg-type]
    if bad is not None:
        with pytest.raises(TypeError):
            deadline_status(date(2026, 3, 10), bad, date(2026, 3, 1))  # type: ignore[arg-type]


# --- Bad input to the date functions ------------------------------------------------------------------

ONE_DATE_FUNCTIONS = [
    ehc_assessment_deadlines,
    draft_comment_period_ends,
    annual_review_due,
    annual_review_followups,
    amended_plan_due,
    academic_year,
]


@pytest.mark.parametrize("function", ONE_DATE_FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("bad", BAD_DATES, ids=repr)
def test_deadline_functions_reject_non_dates_and_datetimes(function, bad: object) -> None:
    with pytest.raises(TypeError):
        function(bad)


@pytest.mark.parametrize("bad", BAD_DATES, ids=repr)
def test_issued_within_20_weeks_rejects_non_dates(bad: object) -> None:
    with pytest.raises(TypeError):
        issued_within_20_weeks(bad, date(2026, 3, 1))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        issued_within_20_weeks(date(2026, 3, 1), bad)  # type: ignore[arg-type]
