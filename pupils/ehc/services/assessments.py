"""EHC needs assessments: the local authority's statutory steps from the request to the final plan.

Every service is keyword-only and atomic, asks the one access policy itself, and raises
DomainError with a message a person can act on. Services keep the order of events right
(no final plan before the request, nothing that happened dated in the future); the
deadlines themselves are shown by pupils/deadlines.py from the pure functions in
pupils/statutory.py (DOMAIN.md, "EHC needs assessment and plan"). Plans and annual
reviews are in ehc_reviews.py, imported here so that callers need one module.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from hubs.models import Hub
from pupils.ehc.selectors import OPEN_ASSESSMENT, current_plan_q
from pupils.ehc.services.checks import check_dates, check_named_setting, local_today, long_date, sentence
from pupils.ehc.services.reviews import plan_review_due_refresh, plan_set_transfer, review_add, review_record
from pupils.ehc.statutory import draft_comment_period_ends
from pupils.models import AnnualReview, EHCAdvice, EHCAssessment, EHCException, EHCPlan, Pupil
from sendhub import access
from sendhub.codes import Need, SENProvision
from sendhub.dates import add_weeks, age_on
from sendhub.errors import DomainError
from sendhub.models import School

__all__ = [
    "advice_add",
    "assessment_change_request",
    "assessment_consult_school",
    "assessment_decide",
    "assessment_decline_to_issue",
    "assessment_issue_final",
    "assessment_record_comments",
    "assessment_request",
    "assessment_serve_draft",
    "exception_add",
    "long_date",
    "plan_set_transfer",
    "review_add",
    "review_record",
]

EDIT = access.EDIT
ADVISE = "advise"
ASSESS = EHCAssessment.Decision.ASSESS
NOT_ASSESS = EHCAssessment.Decision.NOT_ASSESS


# --- EHC needs assessment ---------------------------------------------------------------

_ASSESSMENT_LABELS = {
    "request_received_on": "the date the request was received",
    "decision_on": "the date of the decision",
    "not_to_issue_on": "the date the parent was told no plan will be issued",
    "draft_served_on": "the date the draft plan was served",
    "comments_received_on": "the date the parent's comments were received",
    "school_consulted_on": "the date the school was consulted",
    "school_responded_on": "the date the school replied",
    "final_issued_on": "the date the final plan was issued",
}
# A young person (over compulsory school age) may ask for an assessment themselves.
YOUNG_PERSON_AGE = 16
# Each pair: the first happens on or before the second.
_ASSESSMENT_ORDER = [
    ("request_received_on", "decision_on"),
    ("decision_on", "not_to_issue_on"),
    ("decision_on", "draft_served_on"),
    ("draft_served_on", "comments_received_on"),
    ("decision_on", "school_consulted_on"),
    ("school_consulted_on", "school_responded_on"),
    ("draft_served_on", "final_issued_on"),
    ("comments_received_on", "final_issued_on"),
]


def _check_assessment(assessment: EHCAssessment, changed: set[str]) -> None:
    if "request_received_on" in changed and assessment.request_received_on < assessment.pupil.date_of_birth:
        raise DomainError(
            "The date the request was received must be after the pupil's date of birth, "
            f"{long_date(assessment.pupil.date_of_birth)}",
            field="request_received_on",
        )
    if (
        {"request_received_on", "requested_by"} & changed
        and assessment.requested_by == EHCAssessment.Requester.YOUNG_PERSON
        and age_on(assessment.pupil.date_of_birth, assessment.request_received_on) < YOUNG_PERSON_AGE
    ):
        raise DomainError(
            f"{assessment.pupil.name} was under {YOUNG_PERSON_AGE} when the request was received, so a parent, "
            "the school or another professional made it: choose who asked",
            field="requested_by",
        )
    check_dates(assessment, labels=_ASSESSMENT_LABELS, order=_ASSESSMENT_ORDER, changed=changed)
    # The parent has 15 days to comment on the draft (reg 13(1)(a)): the final plan waits
    # for the end of that period unless their comments are in.
    draft, final, comments = assessment.draft_served_on, assessment.final_issued_on, assessment.comments_received_on
    if draft and final:
        period_ends = draft_comment_period_ends(draft)
        if final <= period_ends and not (comments and comments <= final):
            raise DomainError(
                f"The parent can comment on the draft plan until {long_date(period_ends)} (15 days beginning with "
                "the day it was served, reg 13(1)(a)). Record their comments first, or issue the final plan "
                "after that date",
                field="final_issued_on" if "final_issued_on" in changed else None,
            )


def _lock_assessment(assessment: EHCAssessment, actor: Any, action: str = EDIT) -> EHCAssessment:
    locked = EHCAssessment.objects.select_for_update().get(pk=assessment.pk)
    access.require(actor, locked, action)
    return locked


def _require_ehc_edit_at(actor: Any, pupil: Pupil) -> None:
    if not access.may_at_school(actor, pupil.school, "ehc", EDIT):
        raise PermissionDenied("Only the local authority records EHC needs assessments")


@transaction.atomic
def assessment_request(
    *, actor: Any, pupil: Pupil, request_received_on: date, requested_by: str, requester_name: str = ""
) -> EHCAssessment:
    """Record a request for an EHC needs assessment: one open assessment per pupil, none beside a current plan."""
    pupil = Pupil.objects.select_for_update(of=("self",)).select_related("school").get(pk=pupil.pk)  # one at a time
    _require_ehc_edit_at(actor, pupil)
    if requested_by not in EHCAssessment.Requester.values:
        raise DomainError("Select who asked for the assessment", field="requested_by")
    already = EHCAssessment.objects.filter(OPEN_ASSESSMENT, pupil=pupil).first()
    if already is not None:
        raise DomainError(
            "This pupil already has an open EHC needs assessment, requested on "
            f"{long_date(already.request_received_on)}: record its next step instead of a new request"
        )
    plan = EHCPlan.objects.filter(current_plan_q(local_today()), pupil=pupil).first()
    if plan is not None:
        raise DomainError(
            f"This pupil already has an EHC plan, made on {long_date(plan.issued_on)}. Changes to it go through an "
            "annual review; the portal does not record re-assessments of a current plan"
        )
    assessment = EHCAssessment(
        pupil=pupil,
        request_received_on=request_received_on,
        requested_by=requested_by,
        requester_name=requester_name.strip(),
        created_by=actor,
    )
    _check_assessment(assessment, {"request_received_on"})
    assessment.save()
    return assessment


@transaction.atomic
def assessment_change_request(
    *, actor: Any, assessment: EHCAssessment, request_received_on: date, requested_by: str, requester_name: str = ""
) -> EHCAssessment:
    """Correct when the request arrived and who made it; every later step stays after it."""
    assessment = _lock_assessment(assessment, actor)
    if requested_by not in EHCAssessment.Requester.values:
        raise DomainError("Select who asked for the assessment", field="requested_by")
    assessment.request_received_on = request_received_on
    assessment.requested_by = requested_by
    assessment.requester_name = requester_name.strip()
    _check_assessment(assessment, {"request_received_on"})
    assessment.save()
    return assessment


@transaction.atomic
def assessment_decide(*, actor: Any, assessment: EHCAssessment, decision: str, decision_on: date) -> EHCAssessment:
    """Record the decision whether to assess; a decision not to assess closes the case."""
    assessment = _lock_assessment(assessment, actor)
    if decision not in EHCAssessment.Decision.values:
        raise DomainError("Select whether the local authority will assess", field="decision")
    if assessment.final_issued_on:
        raise DomainError(
            f"The final plan was issued on {long_date(assessment.final_issued_on)}: the decision to assess can no "
            "longer change"
        )
    if decision == NOT_ASSESS:
        for name in ("draft_served_on", "not_to_issue_on", "school_consulted_on"):
            if getattr(assessment, name):
                raise DomainError(
                    f"{sentence(_ASSESSMENT_LABELS[name])} is recorded as {long_date(getattr(assessment, name))}, "
                    "so the assessment went ahead: the decision must stay 'assess'",
                    field="decision",
                )
    assessment.decision, assessment.decision_on = decision, decision_on
    _check_assessment(assessment, {"decision_on"})
    assessment.save()
    return assessment


def _require_assessing(assessment: EHCAssessment, step: str, *, instead: str) -> None:
    if assessment.decision != ASSESS:
        raise DomainError(f"Record the decision to assess before {step}")
    if assessment.not_to_issue_on:
        raise DomainError(
            f"The parent was told on {long_date(assessment.not_to_issue_on)} that no plan will be issued, so {instead}"
        )


@transaction.atomic
def assessment_decline_to_issue(*, actor: Any, assessment: EHCAssessment, not_to_issue_on: date) -> EHCAssessment:
    """Record that the parent was told no plan will be issued (reg 10); it closes the case."""
    assessment = _lock_assessment(assessment, actor)
    if assessment.decision != ASSESS:
        raise DomainError("Record the decision to assess before a decision not to issue a plan")
    if assessment.draft_served_on:
        raise DomainError(
            f"A draft plan was served on {long_date(assessment.draft_served_on)}: issue the final plan rather than "
            "deciding not to issue one"
        )
    assessment.not_to_issue_on = not_to_issue_on
    _check_assessment(assessment, {"not_to_issue_on"})
    assessment.save()
    return assessment


@transaction.atomic
def assessment_serve_draft(*, actor: Any, assessment: EHCAssessment, draft_served_on: date) -> EHCAssessment:
    """Record the day the draft plan was served; the parent's 15 days begin with it."""
    assessment = _lock_assessment(assessment, actor)
    _require_assessing(assessment, "serving a draft plan", instead="no draft plan is served")
    assessment.draft_served_on = draft_served_on
    _check_assessment(assessment, {"draft_served_on"})
    assessment.save()
    return assessment


@transaction.atomic
def assessment_record_comments(*, actor: Any, assessment: EHCAssessment, comments_received_on: date) -> EHCAssessment:
    """Record the day the parent's comments on the draft arrived."""
    assessment = _lock_assessment(assessment, actor)
    if not assessment.draft_served_on:
        raise DomainError("Record the date the draft plan was served before the parent's comments on it")
    assessment.comments_received_on = comments_received_on
    _check_assessment(assessment, {"comments_received_on"})
    assessment.save()
    return assessment


@transaction.atomic
def assessment_consult_school(
    *,
    actor: Any,
    assessment: EHCAssessment,
    school_consulted: School,
    school_consulted_on: date,
    school_responded_on: date | None = None,
) -> EHCAssessment:
    """Record the consultation of the school the plan may name (CoP 9.84), and its reply."""
    assessment = _lock_assessment(assessment, actor)
    _require_assessing(assessment, "consulting a school", instead="no school is consulted")
    if school_consulted is None:
        raise DomainError("Enter the URN of the school that was consulted", field="school_consulted")
    assessment.school_consulted = school_consulted
    assessment.school_consulted_on = school_consulted_on
    assessment.school_responded_on = school_responded_on
    _check_assessment(assessment, {"school_consulted_on", "school_responded_on"})
    assessment.save()
    return assessment


def _pupil_can_have_a_plan(pupil: Pupil) -> None:
    if not pupil.primary_need:
        raise DomainError(
            "Record the pupil's primary need on their record before issuing the plan: pupils with an EHC plan have one"
        )
    if pupil.primary_need == Need.NSA:
        raise DomainError(
            "Change the pupil's primary need on their record before issuing the plan: 'no specialist assessment' "
            "(NSA) is only for pupils on SEN support"
        )


@transaction.atomic
def assessment_issue_final(
    *,
    actor: Any,
    assessment: EHCAssessment,
    final_issued_on: date,
    named_school: School | None = None,
    named_hub: Hub | None = None,
) -> EHCPlan:
    """Issue the final plan naming one setting: it makes the EHC plan and the pupil's SEN provision becomes E."""
    assessment = _lock_assessment(assessment, actor)
    _require_assessing(assessment, "issuing a final plan", instead="no final plan is issued")
    if not assessment.draft_served_on:
        raise DomainError(
            "Record the date the draft plan was served before issuing the final plan: the parent has 15 days to "
            "comment on the draft (reg 13)"
        )
    check_named_setting(named_school, named_hub, school_field="named_school", hub_field="named_hub", required=True)
    pupil = Pupil.objects.select_for_update().get(pk=assessment.pupil_id)
    _pupil_can_have_a_plan(pupil)
    plan = EHCPlan.objects.filter(assessment=assessment).first()
    if plan is not None and plan.reviews.exists():
        raise DomainError(
            "This plan has had an annual review, so the date it was issued and the setting it named can no longer "
            "be changed here"
        )
    other = EHCPlan.objects.filter(current_plan_q(local_today()), pupil=pupil).exclude(assessment=assessment).first()
    if other is not None:
        raise DomainError(f"This pupil already has a current EHC plan, made on {long_date(other.issued_on)}")
    assessment.final_issued_on = final_issued_on
    assessment.named_school, assessment.named_hub = named_school, named_hub
    _check_assessment(assessment, {"final_issued_on"})
    assessment.save()
    plan = plan or EHCPlan(pupil=pupil, assessment=assessment)
    plan.issued_on = final_issued_on
    plan.named_school, plan.named_hub = named_school, named_hub
    plan.save()
    plan_review_due_refresh(plans=EHCPlan.objects.filter(pk=plan.pk))
    plan.refresh_from_db(fields=["next_review_due"])
    if pupil.sen_provision != SENProvision.EHC_PLAN:
        pupil.sen_provision = SENProvision.EHC_PLAN
        pupil.save(update_fields=["sen_provision"])
    return plan


# Closures and absences count only when they last at least 4 weeks (reg 10(4)(a), (b), (d)).
_AT_LEAST_FOUR_WEEKS = {
    EHCException.Kind.SCHOOL_CLOSURE: (
        "a school or college closure counts only if it lasts at least 4 weeks (reg 10(4)(a))"
    ),
    EHCException.Kind.EARLY_YEARS_CLOSURE: (
        "an early years closure counts only if it lasts at least 4 weeks (reg 10(4)(b))"
    ),
    EHCException.Kind.ABSENT_FROM_AREA: (
        "an absence from the area counts only if it lasts at least 4 weeks in a row (reg 10(4)(d))"
    ),
}


@transaction.atomic
def exception_add(
    *, actor: Any, assessment: EHCAssessment, kind: str, starts_on: date, ends_on: date | None, reason: str
) -> EHCException:
    """Record circumstances that lift the 20-week limit (reg 10(4), applied by reg 13(3)) with dates and a reason."""
    assessment = _lock_assessment(assessment, actor)
    if assessment.decision == NOT_ASSESS:
        raise DomainError("The local authority decided not to assess, so there is no time limit to lift")
    if kind not in EHCException.Kind.values:
        raise DomainError("Select the kind of exception", field="kind")
    if not reason.strip():
        raise DomainError("Enter the reason for the exception", field="reason")
    if starts_on > local_today():
        raise DomainError("The start date must be today or in the past", field="starts_on")
    end_of_case = assessment.final_issued_on or assessment.not_to_issue_on
    if end_of_case and starts_on > end_of_case:
        raise DomainError(
            f"The start date must be the same as or before the day the case closed, {long_date(end_of_case)}",
            field="starts_on",
        )
    if ends_on is not None:
        if ends_on < starts_on:
            raise DomainError("The end date must be the same as or after the start date", field="ends_on")
        if ends_on < assessment.request_received_on:
            raise DomainError(
                "The end date must be the same as or after the day the request was received, "
                f"{long_date(assessment.request_received_on)}: an earlier period does not affect this assessment",
                field="ends_on",
            )
        rule = _AT_LEAST_FOUR_WEEKS.get(kind)
        last_day_of_four_weeks = add_weeks(starts_on, 4) - timedelta(days=1)
        if rule and ends_on < last_day_of_four_weeks:
            raise DomainError(
                f"The end date must be on or after {long_date(last_day_of_four_weeks)}: {rule}", field="ends_on"
            )
    return EHCException.objects.create(
        assessment=assessment,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason.strip(),
        recorded_by=actor,
    )


@transaction.atomic
def advice_add(
    *,
    actor: Any,
    source: str,
    advice: str,
    given_on: date,
    assessment: EHCAssessment | None = None,
    review: AnnualReview | None = None,
) -> EHCAdvice:
    """Add advice to an assessment or a review: the LA from any source, a SENCo the school's own."""
    if (assessment is None) == (review is None):
        raise ValueError("advice_add needs an assessment or a review, not both")
    target: EHCAssessment | AnnualReview = assessment if assessment is not None else review
    target = type(target).objects.select_for_update().get(pk=target.pk)
    if not access.can(actor, target, EDIT):
        access.require(actor, target, ADVISE)
        if source != EHCAdvice.Source.SCHOOL:
            raise DomainError("As the school's SENCo you can add the school's advice only", field="source")
    if source not in EHCAdvice.Source.values:
        raise DomainError("Select who gave the advice", field="source")
    if not advice.strip():
        raise DomainError("Enter the advice", field="advice")
    if given_on > local_today():
        raise DomainError("The date the advice was given must be today or in the past", field="given_on")
    if isinstance(target, EHCAssessment):
        if not target.is_open:
            raise DomainError(
                f"This assessment is closed ({target.status.lower()}): advice can be added only while it is open"
            )
        if given_on < target.request_received_on:
            raise DomainError(
                "The date the advice was given must be the same as or after the date the request was received, "
                f"{long_date(target.request_received_on)}",
                field="given_on",
            )
        pupil_id = target.pupil_id
    else:
        plan = target.plan
        if plan.ceased_on:
            raise DomainError(f"This plan ceased on {long_date(plan.ceased_on)}: no more advice can be added")
        if target.decision:
            raise DomainError(
                f"The decision on this review was recorded on {long_date(target.decision_on)}: advice is "
                "added before it"
            )
        if given_on < plan.issued_on:
            raise DomainError(
                f"The date the advice was given must be the same as or after the date the plan was made, "
                f"{long_date(plan.issued_on)}",
                field="given_on",
            )
        pupil_id = plan.pupil_id
    return EHCAdvice.objects.create(
        assessment=target if isinstance(target, EHCAssessment) else None,
        review=target if isinstance(target, AnnualReview) else None,
        pupil_id=pupil_id,
        source=source,
        advice=advice.strip(),
        given_on=given_on,
        author=actor,
    )
