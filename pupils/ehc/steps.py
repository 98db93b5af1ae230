"""The statutory steps of an EHC needs assessment as a GOV.UK task list, each with its due date.

Statuses come from what the case has recorded; due dates and how they stand come from the
deadline rows (pupils/ehc/deadlines.py, built on the pure rules in statutory.py), so the task
list and the deadlines table never disagree.
"""

from __future__ import annotations

from django.urls import reverse

from pupils.ehc.deadlines import ENDED, GUIDANCE, LIFTED, NOT_APPLICABLE, OVERDUE, WAITING, DeadlineRow, long_date
from pupils.models import EHCAssessment
from sendhub.task_list import Task, task


def when(row: DeadlineRow | None) -> str:
    """The hint under a step: when it was done, or when it is due and how that stands."""
    if row is None:
        return ""
    if row.outcome in (NOT_APPLICABLE, WAITING) or (row.outcome == LIFTED and not row.done):
        return row.note
    if row.outcome == ENDED:
        return f"The parent's 15 days ended on {long_date(row.due)}; {row.note[0].lower()}{row.note[1:]}"
    word = "Target" if row.kind == GUIDANCE else "Due"
    if row.done:
        return f"Done on {long_date(row.done)}. {word} by {long_date(row.due)}: {row.status.summary.lower()}"
    text = f"{word} by {long_date(row.due)}"
    return f"{text}: {row.status.summary.lower()}" if row.outcome == OVERDUE else text


def assessment_tasks(
    assessment: EHCAssessment,
    rows: list[DeadlineRow],
    *,
    advice_count: int,
    can_edit: bool,
    can_add_advice: bool,
    can_change_final: bool,
) -> list[Task]:
    """Request, decision to assess, advice, draft plan, the parent's comments, consulting a school, final plan."""
    a = assessment
    row = {r.key: r for r in rows}
    pk = a.pk

    def url(name: str, allowed: bool = True) -> str:
        return reverse(f"pupils:{name}", args=[pk]) if allowed else ""

    assessing = a.decision == EHCAssessment.Decision.ASSESS
    # A decision not to assess, or to issue no plan, ends the case: the later steps are not needed.
    ended = a.decision == EHCAssessment.Decision.NOT_ASSESS or bool(a.not_to_issue_on)
    ended_note = row["draft"].note if ended else ""
    requester = a.get_requested_by_display() + (f" ({a.requester_name})" if a.requester_name else "")
    decision_hint = when(row["decide"])
    if a.decision:
        decision_hint = f"{a.get_decision_display()}. {decision_hint}"
    return [
        task(
            "request",
            "Request for an assessment",
            done=True,
            url=url("ehc_assessment_request", can_edit),
            hint=f"Received on {long_date(a.request_received_on)} from {requester.lower()}",
        ),
        task(
            "decide",
            "Decide whether to assess",
            done=bool(a.decision),
            url=url("ehc_assessment_decision", can_edit and not a.final_issued_on),
            hint=decision_hint,
        ),
        task(
            "advice",
            "Gather advice",
            done=bool(a.draft_served_on),
            ready=assessing,
            needed=not ended or bool(advice_count),
            url=url("ehc_assessment_advice_add", can_add_advice) or "#advice",
            hint=ended_note
            or f"{advice_count} piece{'' if advice_count == 1 else 's'} of advice received"
            + ("" if assessing else ". Starts when the local authority decides to assess"),
        ),
        task(
            "draft",
            "Serve the draft plan",
            done=bool(a.draft_served_on),
            ready=assessing,
            needed=not ended,
            url=url("ehc_assessment_draft", can_edit),
            hint=when(row["draft"]) if assessing or ended else "Starts when the local authority decides to assess",
        ),
        task(
            "comments",
            "Parent's comments on the draft plan",
            done=bool(a.comments_received_on) or row["comments"].outcome == ENDED,
            ready=bool(a.draft_served_on),
            needed=not ended,
            url=url("ehc_assessment_comments", can_edit),
            hint=when(row["comments"]),
        ),
        task(
            "consultation",
            "Consult a school or hub",
            done=bool(a.school_consulted_on),
            ready=assessing,
            needed=not ended and row["consultation"].outcome != NOT_APPLICABLE,
            url=url("ehc_assessment_consultation", can_edit),
            hint=when(row["consultation"])
            if a.school_consulted_on or ended
            else "The school or hub has 15 days to reply once consulted",
        ),
        task(
            "final",
            "Issue the final plan",
            done=bool(a.final_issued_on),
            ready=bool(a.draft_served_on),
            needed=not ended,
            url=url("ehc_assessment_final", can_change_final),
            hint=when(row["final"]),
        ),
    ]
