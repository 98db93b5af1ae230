"""EHC needs assessments, plans and annual reviews: the local authority's statutory steps.

Every service is keyword-only and atomic, asks the one access policy itself, and raises
DomainError with a message a person can act on. Services keep the order of events right
(no final plan before the request, nothing that happened dated in the future); the
deadlines themselves are shown by pupils/deadlines.py from the pure functions in
pupils/statutory.py (DOMAIN.md, "EHC needs assessment and plan", "Annual review").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from hubs.models import Hub
from sendhub import access
from sendhub.codes import Need, SENProvision
from sendhub.dates import add_weeks
from sendhub.errors import DomainError
from sendhub.models import School

from ..ehc_selectors import OPEN_ASSESSMENT, current_plan_q
from ..models import AnnualReview, EHCAdvice, EHCAssessment, EHCException, EHCPlan, Pupil
from ..statutory import draft_comment_period_ends, phase_transfer_deadline

EDIT = access.EDIT
ADVISE = "advise"
ASSESS = EHCAssessment.Decision.ASSESS
NOT_ASSESS = EHCAssessment.Decision.NOT_ASSESS
_UNSET: Any = object()  # "not given" in partial updates, where None means "clear it"


def long_date(day: date) -> str:
    """3 March 2026: the GOV.UK date style, used in every message."""
    return f"{day.day} {day:%B %Y}"


def _today() -> date:
    return timezone.localdate()


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:]


def _check_dates(
    obj: Any,
    *,
    labels: dict[str, str],
    order: Iterable[tuple[str, str]],
    changed: set[str],
    may_be_future: frozenset[str] = frozenset(),
) -> None:
    """Dates that happened are not in the future, and each pair in `order` is in that order.

    A broken pair is reported from the side the person just changed, so the message
    points at the field on their form.
    """
    today = _today()
    for name in sorted(changed, key=list(labels).index):
        value = getattr(obj, name)
        if value is not None and value > today and name not in may_be_future:
            raise DomainError(f"{_sentence(labels[name])} must be today or in the past", field=name)
    for earlier, later in order:
        first, second = getattr(obj, earlier), getattr(obj, later)
        if first is None or second is None or first <= second:
            continue
        if later in changed or earlier not in changed:
            raise DomainError(
                f"{_sentence(labels[later])} must be the same as or after {labels[earlier]}, {long_date(first)}",
                field=later,
            )
        raise DomainError(
            f"{_sentence(labels[earlier])} must be the same as or before {labels[later]}, {long_date(second)}",
            field=earlier,
        )


def _check_named_setting(
    school: School | None, hub: Hub | None, *, school_field: str, hub_field: str, required: bool
) -> None:
    """A plan names a school or an active mainstream SEND hub (seed 000), never both."""
    if school is not None and hub is not None:
        raise DomainError("Name a school or a mainstream SEND hub, not both", field=school_field)
    if required and school is None and hub is None:
        raise DomainError("Enter the school or select the mainstream SEND hub the plan names", field=school_field)
    if school is not None and not school.is_open:
        raise DomainError(f"{school.name} is closed: enter the URN of an open school", field=school_field)
    if hub is not None and (hub.kind != Hub.Kind.MAINSTREAM or not hub.is_active):
        raise DomainError(
            f"{hub.name} is not an active mainstream SEND hub: select one that is taking pupils", field=hub_field
        )


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
    _check_dates(assessment, labels=_ASSESSMENT_LABELS, order=_ASSESSMENT_ORDER, changed=changed)
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
    pupil = Pupil.objects.select_for_update().select_related("school").get(pk=pupil.pk)  # one request at a time
    _require_ehc_edit_at(actor, pupil)
    if requested_by not in EHCAssessment.Requester.values:
        raise DomainError("Select who asked for the assessment", field="requested_by")
    already = EHCAssessment.objects.filter(OPEN_ASSESSMENT, pupil=pupil).first()
    if already is not None:
        raise DomainError(
            "This pupil already has an open EHC needs assessment, requested on "
            f"{long_date(already.request_received_on)}: record its next step instead of a new request"
        )
    plan = EHCPlan.objects.filter(current_plan_q(_today()), pupil=pupil).first()
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
                    f"{_sentence(_ASSESSMENT_LABELS[name])} is recorded as {long_date(getattr(assessment, name))}, "
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
    _check_named_setting(named_school, named_hub, school_field="named_school", hub_field="named_hub", required=True)
    pupil = Pupil.objects.select_for_update().get(pk=assessment.pupil_id)
    _pupil_can_have_a_plan(pupil)
    plan = EHCPlan.objects.filter(assessment=assessment).first()
    if plan is not None and plan.reviews.exists():
        raise DomainError(
            "This plan has had an annual review, so the date it was issued and the setting it named can no longer "
            "be changed here"
        )
    other = EHCPlan.objects.filter(current_plan_q(_today()), pupil=pupil).exclude(assessment=assessment).first()
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
    if pupil.sen_provision != SENProvision.EHC_PLAN:
        pupil.sen_provision = SENProvision.EHC_PLAN
        pupil.save(update_fields=["sen_provision"])
    return plan


# Closures and absences count only when they last at least 4 weeks (reg 10(4)(a), (b), (d)).
_AT_LEAST_FOUR_WEEKS = {
    EHCException.Kind.SCHOOL_CLOSURE: "a school or college closure counts only if it lasts at least 4 weeks (reg 10(4)(a))",
    EHCException.Kind.EARLY_YEARS_CLOSURE: "an early years closure counts only if it lasts at least 4 weeks (reg 10(4)(b))",
    EHCException.Kind.ABSENT_FROM_AREA: "an absence from the area counts only if it lasts at least 4 weeks in a row (reg 10(4)(d))",
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
    if starts_on > _today():
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
        assessment=assessment, kind=kind, starts_on=starts_on, ends_on=ends_on, reason=reason.strip(),
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
    if given_on > _today():
        raise DomainError("The date the advice was given must be today or in the past", field="given_on")
    if isinstance(target, EHCAssessment):
        if not target.is_open:
            raise DomainError(f"This assessment is closed ({target.status.lower()}): advice can be added only while it is open")
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
                f"The decision on this review was recorded on {long_date(target.decision_on)}: advice is added before it"
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
        pupil_id=pupil_id, source=source, advice=advice.strip(), given_on=given_on, author=actor,
    )


# --- Plans and annual reviews ----------------------------------------------------------------

_REVIEW_LABELS = {
    "notice_given_on": "the date people were invited to the meeting",
    "advice_circulated_on": "the date advice was sent out",
    "meeting_on": "the date of the review meeting",
    "report_sent_on": "the date the review report was sent",
    "decision_on": "the date of the decision",
    "amendment_notice_on": "the date of the amendment notice",
    "amended_plan_issued_on": "the date the amended plan was issued",
}
_REVIEW_ORDER = [
    ("notice_given_on", "meeting_on"),
    ("advice_circulated_on", "meeting_on"),
    ("meeting_on", "report_sent_on"),
    ("meeting_on", "decision_on"),
    ("decision_on", "amendment_notice_on"),
    ("amendment_notice_on", "amended_plan_issued_on"),
]


def _lock_plan(plan: EHCPlan, actor: Any) -> EHCPlan:
    locked = EHCPlan.objects.select_for_update().get(pk=plan.pk)
    access.require(actor, locked, EDIT)
    return locked


def _check_meeting_date(review: AnnualReview, plan: EHCPlan) -> None:
    if review.meeting_on < plan.issued_on:
        raise DomainError(
            f"The date of the review meeting must be the same as or after the date the plan was made, "
            f"{long_date(plan.issued_on)}",
            field="meeting_on",
        )
    others = plan.reviews.exclude(pk=review.pk) if review.pk else plan.reviews.all()
    clash = others.filter(meeting_on=review.meeting_on).first()
    if clash is not None:
        raise DomainError(
            f"Another review of this plan is on {long_date(clash.meeting_on)}: enter a different date", field="meeting_on"
        )


@transaction.atomic
def review_add(
    *,
    actor: Any,
    plan: EHCPlan,
    meeting_on: date,
    notice_given_on: date | None = None,
    advice_circulated_on: date | None = None,
    is_phase_transfer: bool = False,
) -> AnnualReview:
    """Arrange (or record) an annual review meeting of a current plan, after the last review was decided."""
    plan = _lock_plan(plan, actor)
    if plan.ceased_on:
        raise DomainError(f"This plan ceased on {long_date(plan.ceased_on)}: it has no more annual reviews")
    last = plan.reviews.order_by("-meeting_on", "-pk").first()
    if last is not None and not last.decision:
        raise DomainError(
            f"The review on {long_date(last.meeting_on)} has no decision yet: record its decision before adding "
            "another review"
        )
    review = AnnualReview(
        plan=plan, meeting_on=meeting_on, notice_given_on=notice_given_on, advice_circulated_on=advice_circulated_on,
        is_phase_transfer=is_phase_transfer, created_by=actor,
    )
    if last is not None and meeting_on <= last.meeting_on:
        raise DomainError(
            f"The date of the review meeting must be after the last review, {long_date(last.meeting_on)}",
            field="meeting_on",
        )
    _check_meeting_date(review, plan)
    _check_dates(
        review, labels=_REVIEW_LABELS, order=_REVIEW_ORDER,
        changed={"meeting_on", "notice_given_on", "advice_circulated_on"}, may_be_future=frozenset({"meeting_on"}),
    )
    review.save()
    return review


@transaction.atomic
def review_record(
    *,
    actor: Any,
    review: AnnualReview,
    meeting_on: date = _UNSET,
    notice_given_on: date | None = _UNSET,
    advice_circulated_on: date | None = _UNSET,
    is_phase_transfer: bool = _UNSET,
    report_sent_on: date | None = _UNSET,
    decision: str = _UNSET,
    decision_on: date | None = _UNSET,
    amendment_notice_on: date | None = _UNSET,
    amended_plan_issued_on: date | None = _UNSET,
    new_named_school: School | None = _UNSET,
    new_named_hub: Hub | None = _UNSET,
) -> AnnualReview:
    """Record what happened at and after a review meeting; only the arguments given change.

    Cease closes the plan on the day of the decision and puts the pupil back on SEN support;
    an amended plan naming a new school or hub changes the plan's named setting.
    """
    arguments = dict(locals())
    given = {name: value for name, value in arguments.items() if value is not _UNSET and name not in ("actor", "review")}
    review = AnnualReview.objects.select_for_update().get(pk=review.pk)
    access.require(actor, review, EDIT)
    plan = EHCPlan.objects.select_for_update().get(pk=review.plan_id)
    cease, amend = AnnualReview.Decision.CEASE, AnnualReview.Decision.AMEND
    if plan.ceased_on and review.decision != cease:
        raise DomainError(f"This plan ceased on {long_date(plan.ceased_on)}: its reviews can no longer change")
    if review.decision == cease and given.get("decision", cease) != cease:
        raise DomainError(
            f"This review ceased the plan on {long_date(review.decision_on)}, and a ceased plan cannot be restored "
            "here. Ask an administrator to correct a mistake",
            field="decision",
        )
    if review.amended_plan_issued_on and given.keys() & {"amended_plan_issued_on", "new_named_school", "new_named_hub"}:
        raise DomainError(
            f"The amended plan was recorded as issued on {long_date(review.amended_plan_issued_on)} and the plan "
            "has been updated. Ask an administrator to correct a mistake"
        )
    if "decision" in given:
        if given["decision"] not in AnnualReview.Decision.values:
            raise DomainError("Select the decision: maintain, amend or cease the plan", field="decision")
        if given.get("decision_on", review.decision_on) is None:
            raise DomainError("Enter the date of the decision", field="decision_on")
    for name, value in given.items():
        setattr(review, name, value)
    if "meeting_on" in given:
        _check_meeting_date(review, plan)
    amendment_steps = [n for n in ("amendment_notice_on", "amended_plan_issued_on") if getattr(review, n)]
    if review.decision != amend and (amendment_steps or review.new_named_school or review.new_named_hub):
        if "decision" in given:
            raise DomainError(
                "An amendment notice is recorded for this review, so the decision must stay 'amend the plan'",
                field="decision",
            )
        raise DomainError("Record a decision to amend the plan before its amendment notice or amended plan")
    if review.amended_plan_issued_on and not review.amendment_notice_on:
        raise DomainError(
            "Record the date of the amendment notice before the amended plan", field="amended_plan_issued_on"
        )
    if given.keys() & {"new_named_school", "new_named_hub"}:
        _check_named_setting(
            review.new_named_school, review.new_named_hub, school_field="new_named_school",
            hub_field="new_named_hub", required=False,
        )
    changed = {name for name in given if name in _REVIEW_LABELS}
    if (changed - {"notice_given_on", "advice_circulated_on", "meeting_on"}) and review.meeting_on > _today():
        raise DomainError(
            f"The meeting is arranged for {long_date(review.meeting_on)}: record what happened after it has taken place"
        )
    _check_dates(
        review, labels=_REVIEW_LABELS, order=_REVIEW_ORDER, changed=changed, may_be_future=frozenset({"meeting_on"})
    )
    review.save()
    if review.decision == cease:
        plan.ceased_on = review.decision_on
        plan.save()
        pupil = Pupil.objects.select_for_update().get(pk=plan.pupil_id)
        if pupil.sen_provision == SENProvision.EHC_PLAN:
            pupil.sen_provision = SENProvision.SEN_SUPPORT
            pupil.save(update_fields=["sen_provision"])
    if review.amended_plan_issued_on and (review.new_named_school or review.new_named_hub):
        plan.named_school, plan.named_hub = review.new_named_school, review.new_named_hub
        plan.save()
    return review


@transaction.atomic
def plan_set_transfer(
    *, actor: Any, plan: EHCPlan, transfer_year: int | None, transfer_to_post16: bool = False
) -> EHCPlan:
    """Record the calendar year of the next phase transfer (reg 18 deadlines follow from it), or clear it."""
    plan = _lock_plan(plan, actor)
    if plan.ceased_on:
        raise DomainError(f"This plan ceased on {long_date(plan.ceased_on)}: it has no phase transfer")
    if transfer_year is not None:
        if transfer_year < plan.issued_on.year:
            raise DomainError(
                f"The year of transfer must be the same as or after the year the plan was made, {plan.issued_on.year}",
                field="transfer_year",
            )
        latest = _today().year + 20
        if transfer_year > latest:
            raise DomainError(f"The year of transfer must be {latest} or earlier", field="transfer_year")
        try:
            phase_transfer_deadline(transfer_year, bool(transfer_to_post16))
        except ValueError:
            raise DomainError("Enter a year of transfer between 2000 and 2100", field="transfer_year") from None
    plan.transfer_year = transfer_year
    plan.transfer_to_post16 = bool(transfer_to_post16) if transfer_year is not None else False
    plan.save()
    return plan
