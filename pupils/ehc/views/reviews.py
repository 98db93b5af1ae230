"""EHC plan and annual review pages: the plan, its phase transfer, and each review with its steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from pupils.ehc import forms, services
from pupils.ehc.deadlines import plan_rows, review_anchor, review_rows
from pupils.ehc.views.assessments import ADVISE, advice_page, form_methods, local_today, pupil_url, step_page
from pupils.models import AnnualReview, EHCAdvice, EHCPlan
from sendhub import access
from sendhub.access import EDIT, VIEW, get_visible_or_404
from sendhub.forms import GDSForm
from sendhub.http import form_page, posted


def _plan_url(plan: EHCPlan) -> str:
    return reverse("pupils:ehc_plan", kwargs={"pk": plan.pk})


def _review_url(review: AnnualReview) -> str:
    return reverse("pupils:ehc_review", kwargs={"pk": review.pk})


@require_GET
@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_visible_or_404(
        EHCPlan.objects.select_related(
            "pupil__school", "named_school", "named_hub__host_school", "assessment", "case_officer"
        ),
        request.user,
        pk=pk,
    )
    reviews = list(AnnualReview.objects.visible_to(request.user).filter(plan=plan))
    can_edit = access.can(request.user, plan, EDIT)
    return render(
        request,
        "pupils/ehc/plan.html",
        {
            "plan": plan,
            "pupil": plan.pupil,
            "pupil_url": pupil_url(plan.pupil),
            "reviews": reviews,
            "rows": plan_rows(plan, reviews, local_today()),
            "can_edit": can_edit,
            "can_add_review": can_edit and plan.ceased_on is None and all(r.decision for r in reviews),
        },
    )


def _plan_for_edit(request: HttpRequest, pk: int) -> EHCPlan:
    return get_visible_or_404(EHCPlan.objects.select_related("pupil"), request.user, action=EDIT, pk=pk)


@login_required
@form_methods
def plan_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for_edit(request, pk)
    initial = {"transfer_year": plan.transfer_year}
    if plan.transfer_year is not None:
        initial["transfer_to_post16"] = forms.YES if plan.transfer_to_post16 else forms.NO
    form = forms.PlanTransferForm(posted(request), initial=initial)
    return step_page(
        request,
        form,
        pupil=plan.pupil,
        service=services.plan_set_transfer,
        title="Phase transfer",
        success="Phase transfer saved",
        back=_plan_url(plan),
        arguments=lambda data: {**data, "plan": plan},
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
        request,
        forms.ReviewMeetingForm(posted(request)),
        on_valid=on_valid,
        title="Add an annual review",
        success="Annual review added",
        back_url=_plan_url(plan),
        caption=plan.pupil.name,
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
        request.user,
        pk=pk,
    )
    plan, user, today = review.plan, request.user, local_today()
    earlier = AnnualReview.objects.visible_to(user).filter(
        plan=plan, meeting_on__lt=review.meeting_on, meeting_on__lte=today
    )
    anchor = review_anchor(plan, list(earlier.values_list("meeting_on", flat=True)))
    advice = list(EHCAdvice.objects.visible_to(user).filter(review=review).select_related("author"))
    can_edit = access.can(user, review, EDIT)
    can_advise = can_edit or access.can(user, review, ADVISE)
    return render(
        request,
        "pupils/ehc/review.html",
        {
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
        },
    )


def _review_for_edit(request: HttpRequest, pk: int) -> AnnualReview:
    return get_visible_or_404(AnnualReview.objects.select_related("plan__pupil"), request.user, action=EDIT, pk=pk)


def _reviewstep_page(
    request: HttpRequest,
    review: AnnualReview,
    form: GDSForm,
    *,
    title: str,
    success: str,
    intro: str = "",
    arguments: Callable[[dict[str, Any]], dict[str, Any]] = lambda data: data,
) -> HttpResponse:
    return step_page(
        request,
        form,
        pupil=review.plan.pupil,
        service=services.review_record,
        title=title,
        success=success,
        back=_review_url(review),
        intro=intro,
        arguments=lambda data: {**arguments(data), "review": review},
    )


@login_required
@form_methods
def review_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_for_edit(request, pk)
    form = forms.ReviewMeetingForm(
        posted(request),
        initial={
            "meeting_on": review.meeting_on,
            "notice_given_on": review.notice_given_on,
            "advice_circulated_on": review.advice_circulated_on,
            "is_phase_transfer": forms.YES if review.is_phase_transfer else forms.NO,
        },
    )
    return _reviewstep_page(request, review, form, title="Change the review meeting", success="Review meeting changed")


@login_required
@form_methods
def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_for_edit(request, pk)
    form = forms.ReviewReportForm(posted(request), initial={"report_sent_on": review.report_sent_on})
    return _reviewstep_page(
        request,
        review,
        form,
        title="Review report sent",
        success="Review report recorded",
        intro="The report of the meeting is sent to everyone invited within 2 weeks of the meeting (reg 20).",
    )


@login_required
@form_methods
def review_decision(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_for_edit(request, pk)
    form = forms.ReviewDecisionForm(
        posted(request), initial={"decision": review.decision or None, "decision_on": review.decision_on}
    )
    return _reviewstep_page(
        request,
        review,
        form,
        title="Decision after the review",
        success="Decision recorded",
        intro="The local authority decides to maintain, amend or cease the plan within 4 weeks of the meeting "
        "(reg 20). Ceasing ends the plan on the day of the decision and records the pupil as on SEN support.",
    )


@login_required
@form_methods
def review_notice(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_for_edit(request, pk)
    form = forms.ReviewNoticeForm(
        posted(request),
        initial={
            "amendment_notice_on": review.amendment_notice_on,
            "representations_received_on": review.representations_received_on,
        },
    )
    return _reviewstep_page(
        request,
        review,
        form,
        title="Amendment notice",
        success="Amendment notice recorded",
        intro="The parent has at least 15 days to make representations; the amended plan is due within 8 weeks of "
        "the notice (reg 22). It cannot be issued until those 15 days have passed unless the parent's "
        "representations are recorded here.",
    )


@login_required
@form_methods
def review_amended_plan(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_for_edit(request, pk)
    form = forms.ReviewAmendedPlanForm(posted(request))
    return _reviewstep_page(
        request,
        review,
        form,
        title="Amended plan issued",
        success="Amended plan recorded",
        intro="If the amended plan names a different school or mainstream SEND hub, the plan is updated to name it.",
        arguments=lambda data: {
            "amended_plan_issued_on": data["amended_plan_issued_on"],
            "new_named_school": data["new_named_school"],
            "new_named_hub": data["new_named_hub"],
        },
    )


@login_required
@form_methods
def review_advice_add(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_visible_or_404(AnnualReview.objects.select_related("plan__pupil"), request.user, pk=pk)
    return advice_page(request, review, pupil=review.plan.pupil, back=_review_url(review), target={"review": review})


@login_required
@form_methods
def plan_case_officer(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_visible_or_404(EHCPlan.objects.select_related("pupil__school"), request.user, action=EDIT, pk=pk)
    form = forms.CaseOfficerForm(
        posted(request),
        officers=services.case_officers_for(plan.pupil),
        initial={"case_officer": plan.case_officer_id},
    )
    return step_page(
        request,
        form,
        pupil=plan.pupil,
        service=services.case_officer_set,
        title="Case officer",
        success="Case officer saved",
        back=_plan_url(plan),
        arguments=lambda data: {"case": plan, "case_officer": data["case_officer"]},
    )
