"""EHC pages: the needs assessment case, the plan, annual reviews, the LA's caseload and timeliness.

Each view starts with one scoped lookup (another organisation's record is a 404; a record
the person may read but not change is a 403), binds one short form and calls one service.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from sendhub import access
from sendhub.access import EDIT, VIEW, get_visible_or_404, reach, visible_page
from sendhub.forms import GDSForm
from sendhub.http import form_page
from sendhub.models import Role

from .. import forms_ehc as forms
from ..deadlines import assessment_rows, plan_rows, review_anchor, review_rows
from ..ehc_selectors import (
    REVIEW_DUE_SOON_WEEKS,
    caseload_rows,
    open_assessments,
    plans_with_reviews_due,
    reviews_due_rows,
    timeliness_by_year,
)
from ..models import AnnualReview, EHCAdvice, EHCAssessment, EHCException, EHCPlan, Pupil
from ..services import ehc as services

ADVISE = "advise"
form_methods = require_http_methods(["GET", "POST"])


def pupil_url(pupil: Pupil) -> str | None:
    """The pupil's own page, where the pupils app provides one."""
    try:
        return reverse("pupils:detail", kwargs={"pk": pupil.pk})
    except NoReverseMatch:
        return None


def _bound(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _today() -> date:
    return timezone.localdate()


def _step(
    request: HttpRequest,
    form: GDSForm,
    *,
    pupil: Pupil,
    service: Callable[..., Any],
    title: str,
    success: str,
    back: str,
    intro: str = "",
    arguments: Callable[[dict[str, Any]], dict[str, Any]] = lambda data: data,
) -> HttpResponse:
    """A step form: on a valid POST call the service with the form's data, then go back to the case."""

    def on_valid(data: dict[str, Any]) -> str:
        service(actor=request.user, **arguments(data))
        return back

    return form_page(
        request, form, on_valid=on_valid, title=title, success=success, back_url=back, caption=pupil.name, intro=intro
    )


# --- The needs assessment ------------------------------------------------------------------------


def _assessment_url(assessment: EHCAssessment) -> str:
    return reverse("pupils:ehc_assessment", kwargs={"pk": assessment.pk})


def _assessment_for(request: HttpRequest, pk: int, action: str = EDIT) -> EHCAssessment:
    return get_visible_or_404(EHCAssessment.objects.select_related("pupil__school"), request.user, action=action, pk=pk)


@login_required
@form_methods
def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    pupil = get_visible_or_404(Pupil.objects.select_related("school"), request.user, pk=pk)
    if not access.may_at_school(request.user, pupil.school, "ehc", EDIT):
        raise PermissionDenied
    form = forms.RequestForm(_bound(request))

    def on_valid(data: dict[str, Any]) -> str:
        return _assessment_url(services.assessment_request(actor=request.user, pupil=pupil, **data))

    return form_page(
        request, form, on_valid=on_valid, title="Record a request for an EHC needs assessment",
        success="Request recorded", back_url=pupil_url(pupil) or reverse("pupils:ehc_caseload"), caption=pupil.name,
        intro="The deadlines of the assessment are counted from the day the request was received.",
    )


@require_GET
@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_visible_or_404(
        EHCAssessment.objects.select_related(
            "pupil__school", "school_consulted", "named_school", "named_hub__host_school"
        ),
        request.user, pk=pk,
    )
    user, pupil = request.user, assessment.pupil
    exceptions = list(
        EHCException.objects.visible_to(user).filter(assessment=assessment).select_related("recorded_by")
    )
    advice = list(EHCAdvice.objects.visible_to(user).filter(assessment=assessment).select_related("author"))
    can_edit = access.can(user, assessment, EDIT)
    can_advise = can_edit or access.can(user, assessment, ADVISE)
    plan = EHCPlan.objects.visible_to(user).filter(assessment=assessment).first()
    return render(request, "pupils/ehc/assessment.html", {
        "assessment": assessment,
        "pupil": pupil,
        "pupil_url": pupil_url(pupil),
        "rows": assessment_rows(assessment, _today(), exceptions),
        "exceptions": exceptions,
        "advice": advice,
        "plan": plan,
        "can_edit": can_edit,
        "can_add_advice": can_advise and assessment.is_open,
        "can_add_exception": can_edit and assessment.decision != EHCAssessment.Decision.NOT_ASSESS,
        # Parents see who gave advice and when; the LA sends them the advice itself with the
        # draft plan (reg 13), with any redaction it needs. Staff with a role at the school see the text.
        "show_advice_text": can_advise or access.may_at_school(user, pupil.school, "ehc", VIEW),
        "Decision": EHCAssessment.Decision,
    })


@login_required
@form_methods
def assessment_request_change(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment_for(request, pk)
    form = forms.RequestForm(_bound(request), initial={
        "request_received_on": a.request_received_on, "requested_by": a.requested_by,
        "requester_name": a.requester_name,
    })
    return _step(
        request, form, pupil=a.pupil, service=services.assessment_change_request, title="Change the request",
        success="Request changed", back=_assessment_url(a), arguments=lambda data: {**data, "assessment": a},
    )


@login_required
@form_methods
def assessment_decision(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment_for(request, pk)
    form = forms.DecideForm(_bound(request), initial={"decision": a.decision or None, "decision_on": a.decision_on})
    return _step(
        request, form, pupil=a.pupil, service=services.assessment_decide, title="Decision whether to assess",
        success="Decision recorded", back=_assessment_url(a), arguments=lambda data: {**data, "assessment": a},
        intro="The local authority must decide within 6 weeks of the request (reg 5(1)).",
    )


@login_required
@form_methods
def assessment_not_to_issue(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment_for(request, pk)
    form = forms.NotToIssueForm(_bound(request), initial={"not_to_issue_on": a.not_to_issue_on})
    return _step(
        request, form, pupil=a.pupil, service=services.assessment_decline_to_issue,
        title="Decision not to issue a plan", success="Decision not to issue a plan recorded", back=_assessment_url(a),
        arguments=lambda data: {**data, "assessment": a},
        intro="After assessing, the local authority must tell the parent within 16 weeks of the request if it will "
        "not issue a plan (reg 10(1)). This closes the assessment.",
    )


@login_required
@form_methods
def assessment_draft(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment_for(request, pk)
    form = forms.DraftForm(_bound(request), initial={"draft_served_on": a.draft_served_on})
    return _step(
        request, form, pupil=a.pupil, service=services.assessment_serve_draft, title="Draft plan served",
        success="Draft plan recorded", back=_assessment_url(a), arguments=lambda data: {**data, "assessment": a},
        intro="The parent has 15 days, beginning with the day the draft is served, to comment and to ask for a "
        "school to be named (reg 13(1)(a)).",
    )


@login_required
@form_methods
def assessment_comments(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment_for(request, pk)
    form = forms.CommentsForm(_bound(request), initial={"comments_received_on": a.comments_received_on})
    return _step(
        request, form, pupil=a.pupil, service=services.assessment_record_comments,
        title="Parent's comments on the draft plan", success="Comments recorded", back=_assessment_url(a),
        arguments=lambda data: {**data, "assessment": a},
    )


@login_required
@form_methods
def assessment_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment_for(request, pk)
    school = a.school_consulted or a.pupil.school
    form = forms.ConsultForm(_bound(request), initial={
        "school_consulted": school.urn, "school_consulted_on": a.school_consulted_on,
        "school_responded_on": a.school_responded_on,
    })
    return _step(
        request, form, pupil=a.pupil, service=services.assessment_consult_school,
        title="Consultation with a school", success="Consultation recorded", back=_assessment_url(a),
        arguments=lambda data: {**data, "assessment": a},
        intro="The school the plan may name is asked to reply within 15 days (Code of Practice 9.84).",
    )


@login_required
@form_methods
def assessment_final(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment_for(request, pk)
    initial: dict[str, Any] = {"final_issued_on": a.final_issued_on}
    if a.named_hub_id:
        initial.update(setting="hub", named_hub=a.named_hub_id)
    elif a.named_school_id or a.school_consulted_id:
        school = a.named_school or a.school_consulted
        initial.update(setting="school", named_school=school.urn)
    form = forms.FinalPlanForm(_bound(request), initial=initial)
    return _step(
        request, form, pupil=a.pupil, service=services.assessment_issue_final, title="Issue the final plan",
        success="Final plan issued", back=_assessment_url(a),
        arguments=lambda data: {
            "assessment": a, "final_issued_on": data["final_issued_on"],
            "named_school": data["named_school"], "named_hub": data["named_hub"],
        },
        intro="The final plan is due within 20 weeks of the request (reg 13(2)). Issuing it makes the EHC plan and "
        "records the pupil's SEN provision as an EHC plan.",
    )


@login_required
@form_methods
def exception_add(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment_for(request, pk)
    form = forms.ExceptionForm(_bound(request))
    return _step(
        request, form, pupil=a.pupil, service=services.exception_add, title="Add an exception to the 20-week limit",
        success="Exception recorded", back=_assessment_url(a), arguments=lambda data: {**data, "assessment": a},
        intro="These circumstances lift the 20-week limit (reg 10(4), applied by reg 13(3)). Plans with an exception "
        "are reported separately in the timeliness measure.",
    )


def _advice_form(request: HttpRequest, record: EHCAssessment | AnnualReview, *, pupil: Pupil, back: str,
                 target: dict[str, Any]) -> HttpResponse:
    can_edit = access.can(request.user, record, EDIT)
    if not can_edit and not access.can(request.user, record, ADVISE):
        raise PermissionDenied
    form = forms.AdviceForm(_bound(request), choose_source=can_edit)
    intro = "" if can_edit else "This is the school's advice. The local authority and the school's SENCo can read it."
    return _step(
        request, form, pupil=pupil, service=services.advice_add, title="Add advice", success="Advice added",
        back=back, intro=intro,
        arguments=lambda data: {"source": data.get("source", EHCAdvice.Source.SCHOOL), "advice": data["advice"],
                                "given_on": data["given_on"], **target},
    )


@login_required
@form_methods
def assessment_advice_add(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment_for(request, pk, VIEW)
    return _advice_form(request, a, pupil=a.pupil, back=_assessment_url(a), target={"assessment": a})


# --- The plan and its annual reviews ----------------------------------------------------------------


def _plan_url(plan: EHCPlan) -> str:
    return reverse("pupils:ehc_plan", kwargs={"pk": plan.pk})


def _review_url(review: AnnualReview) -> str:
    return reverse("pupils:ehc_review", kwargs={"pk": review.pk})


@require_GET
@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_visible_or_404(
        EHCPlan.objects.select_related("pupil__school", "named_school", "named_hub__host_school", "assessment"),
        request.user, pk=pk,
    )
    reviews = list(AnnualReview.objects.visible_to(request.user).filter(plan=plan))
    can_edit = access.can(request.user, plan, EDIT)
    return render(request, "pupils/ehc/plan.html", {
        "plan": plan,
        "pupil": plan.pupil,
        "pupil_url": pupil_url(plan.pupil),
        "reviews": reviews,
        "rows": plan_rows(plan, reviews, _today()),
        "can_edit": can_edit,
        "can_add_review": can_edit and plan.ceased_on is None and all(r.decision for r in reviews),
    })


def _plan_for_edit(request: HttpRequest, pk: int) -> EHCPlan:
    return get_visible_or_404(EHCPlan.objects.select_related("pupil"), request.user, action=EDIT, pk=pk)


@login_required
@form_methods
def plan_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for_edit(request, pk)
    initial = {"transfer_year": plan.transfer_year}
    if plan.transfer_year is not None:
        initial["transfer_to_post16"] = forms.YES if plan.transfer_to_post16 else forms.NO
    form = forms.PlanTransferForm(_bound(request), initial=initial)
    return _step(
        request, form, pupil=plan.pupil, service=services.plan_set_transfer, title="Phase transfer",
        success="Phase transfer saved", back=_plan_url(plan), arguments=lambda data: {**data, "plan": plan},
        intro="The review and any amendments must be complete by 15 February of the year of transfer, or by 31 March "
        "for a move from secondary school to post-16 (reg 18).",
    )


@login_required
@form_methods
def review_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for_edit(request, pk)

    def on_valid(data: dict[str, Any]) -> str:
        return _review_url(services.review_add(actor=request.user, plan=plan, **data))

    return form_page(
        request, forms.ReviewMeetingForm(_bound(request)), on_valid=on_valid, title="Add an annual review",
        success="Annual review added", back_url=_plan_url(plan), caption=plan.pupil.name,
        intro="A plan is reviewed within 12 months of being made, then within 12 months of each review. Give at least "
        "2 weeks' notice of the meeting and send out advice at least 2 weeks before it (reg 20).",
    )


@require_GET
@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_visible_or_404(
        AnnualReview.objects.select_related(
            "plan__pupil__school", "plan__named_school", "plan__named_hub", "new_named_school", "new_named_hub"
        ),
        request.user, pk=pk,
    )
    plan, user, today = review.plan, request.user, _today()
    earlier = AnnualReview.objects.visible_to(user).filter(plan=plan, meeting_on__lt=review.meeting_on, meeting_on__lte=today)
    anchor = review_anchor(plan, list(earlier.values_list("meeting_on", flat=True)))
    advice = list(EHCAdvice.objects.visible_to(user).filter(review=review).select_related("author"))
    can_edit = access.can(user, review, EDIT)
    can_advise = can_edit or access.can(user, review, ADVISE)
    return render(request, "pupils/ehc/review.html", {
        "review": review,
        "plan": plan,
        "pupil": plan.pupil,
        "pupil_url": pupil_url(plan.pupil),
        "rows": review_rows(review, plan, anchor, today),
        "advice": advice,
        "can_edit": can_edit and (plan.ceased_on is None or review.decision == AnnualReview.Decision.CEASE),
        "can_add_advice": can_advise and not review.decision and plan.ceased_on is None,
        "show_advice_text": can_advise or access.may_at_school(user, plan.pupil.school, "ehc", VIEW),
        "meeting_held": review.meeting_on <= today,
        "Decision": AnnualReview.Decision,
    })


def _review_for_edit(request: HttpRequest, pk: int) -> AnnualReview:
    return get_visible_or_404(AnnualReview.objects.select_related("plan__pupil"), request.user, action=EDIT, pk=pk)


def _review_step(request: HttpRequest, review: AnnualReview, form: GDSForm, *, title: str, success: str,
                 intro: str = "", arguments: Callable[[dict[str, Any]], dict[str, Any]] = lambda data: data) -> HttpResponse:
    return _step(
        request, form, pupil=review.plan.pupil, service=services.review_record, title=title, success=success,
        back=_review_url(review), intro=intro, arguments=lambda data: {**arguments(data), "review": review},
    )


@login_required
@form_methods
def review_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_for_edit(request, pk)
    form = forms.ReviewMeetingForm(_bound(request), initial={
        "meeting_on": review.meeting_on, "notice_given_on": review.notice_given_on,
        "advice_circulated_on": review.advice_circulated_on,
        "is_phase_transfer": forms.YES if review.is_phase_transfer else forms.NO,
    })
    return _review_step(request, review, form, title="Change the review meeting", success="Review meeting changed")


@login_required
@form_methods
def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_for_edit(request, pk)
    form = forms.ReviewReportForm(_bound(request), initial={"report_sent_on": review.report_sent_on})
    return _review_step(
        request, review, form, title="Review report sent", success="Review report recorded",
        intro="The report of the meeting is sent to everyone invited within 2 weeks of the meeting (reg 20).",
    )


@login_required
@form_methods
def review_decision(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_for_edit(request, pk)
    form = forms.ReviewDecisionForm(_bound(request), initial={"decision": review.decision or None,
                                                              "decision_on": review.decision_on})
    return _review_step(
        request, review, form, title="Decision after the review", success="Decision recorded",
        intro="The local authority decides to maintain, amend or cease the plan within 4 weeks of the meeting "
        "(reg 20). Ceasing ends the plan on the day of the decision and records the pupil as on SEN support.",
    )


@login_required
@form_methods
def review_notice(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_for_edit(request, pk)
    form = forms.ReviewNoticeForm(_bound(request), initial={"amendment_notice_on": review.amendment_notice_on})
    return _review_step(
        request, review, form, title="Amendment notice", success="Amendment notice recorded",
        intro="The parent has at least 15 days to make representations; the amended plan is due within 8 weeks of "
        "the notice (reg 22).",
    )


@login_required
@form_methods
def review_amended_plan(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_for_edit(request, pk)
    form = forms.ReviewAmendedPlanForm(_bound(request))
    return _review_step(
        request, review, form, title="Amended plan issued", success="Amended plan recorded",
        intro="If the amended plan names a different school or mainstream SEND hub, the plan is updated to name it.",
        arguments=lambda data: {
            "amended_plan_issued_on": data["amended_plan_issued_on"],
            "new_named_school": data["new_named_school"], "new_named_hub": data["new_named_hub"],
        },
    )


@login_required
@form_methods
def review_advice_add(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_visible_or_404(AnnualReview.objects.select_related("plan__pupil"), request.user, pk=pk)
    return _advice_form(request, review, pupil=review.plan.pupil, back=_review_url(review), target={"review": review})


# --- The local authority's caseload ------------------------------------------------------------------


def _require_caseload_role(user: Any) -> None:
    r = reach(user)
    if not (r.has(Role.LA_OFFICER) or r.is_admin):
        raise PermissionDenied


@require_GET
@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    _require_caseload_role(request.user)
    page = visible_page(request, open_assessments())
    return render(request, "pupils/ehc/caseload.html", {
        "page": page, "rows": caseload_rows(page.object_list, _today()), "section": "assessments",
    })


@require_GET
@login_required
def reviews_due(request: HttpRequest) -> HttpResponse:
    _require_caseload_role(request.user)
    today = _today()
    page = visible_page(request, plans_with_reviews_due(today))
    return render(request, "pupils/ehc/reviews_due.html", {
        "page": page, "rows": reviews_due_rows(page.object_list, today), "section": "reviews",
        "weeks": REVIEW_DUE_SOON_WEEKS,
    })


@require_GET
@login_required
def timeliness(request: HttpRequest) -> HttpResponse:
    _require_caseload_role(request.user)
    return render(request, "pupils/ehc/timeliness.html", {
        "years": timeliness_by_year(request.user), "section": "timeliness",
    })
