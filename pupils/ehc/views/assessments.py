"""EHC needs assessment pages: the request, the case with its deadlines, one short form per step.

Each view starts with one scoped lookup (another organisation's record is a 404; a record
the person may read but not change is a 403), binds one short form and calls one service.
The helpers here serve the plan and review pages too (ehc_reviews.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from pupils.ehc import forms, services
from pupils.ehc.deadlines import assessment_rows
from pupils.ehc.steps import assessment_tasks
from pupils.models import AnnualReview, EHCAdvice, EHCAssessment, EHCException, EHCPlan, Pupil
from sendhub import access
from sendhub.access import EDIT, VIEW, get_visible_or_404
from sendhub.forms import GDSForm
from sendhub.http import form_page, posted

ADVISE = "advise"
form_methods = require_http_methods(["GET", "POST"])


def pupil_url(pupil: Pupil) -> str:
    return reverse("pupils:detail", kwargs={"pk": pupil.pk})


def local_today() -> date:
    return timezone.localdate()


def step_page(
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
    form = forms.RequestForm(posted(request))

    def on_valid(data: dict[str, Any]) -> str:
        return _assessment_url(services.assessment_request(actor=request.user, pupil=pupil, **data))

    return form_page(
        request,
        form,
        on_valid=on_valid,
        title="Record a request for an EHC needs assessment",
        success="Request recorded",
        back_url=pupil_url(pupil) or reverse("pupils:ehc_caseload"),
        caption=pupil.name,
        intro="The deadlines of the assessment are counted from the day the request was received.",
    )


@require_GET
@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_visible_or_404(
        EHCAssessment.objects.select_related(
            "pupil__school", "school_consulted", "named_school", "named_hub__host_school"
        ),
        request.user,
        pk=pk,
    )
    user, pupil = request.user, assessment.pupil
    exceptions = list(EHCException.objects.visible_to(user).filter(assessment=assessment).select_related("recorded_by"))
    advice = list(EHCAdvice.objects.visible_to(user).filter(assessment=assessment).select_related("author"))
    can_edit = access.can(user, assessment, EDIT)
    can_advise = can_edit or access.can(user, assessment, ADVISE)
    plan = (
        EHCPlan.objects.visible_to(user)
        .filter(assessment=assessment)
        .annotate(reviewed=Exists(AnnualReview.objects.filter(plan=OuterRef("pk"))))
        .first()
    )
    rows = assessment_rows(assessment, local_today(), exceptions)
    # Once the plan has been reviewed, its date and named setting change only through reviews.
    can_change_final = bool(can_edit and assessment.draft_served_on and not (plan and plan.reviewed))
    can_add_advice = can_advise and assessment.is_open
    return render(
        request,
        "pupils/ehc/assessment.html",
        {
            "assessment": assessment,
            "pupil": pupil,
            "pupil_url": pupil_url(pupil),
            "rows": rows,
            "tasks": assessment_tasks(
                assessment,
                rows,
                advice_count=len(advice),
                can_edit=can_edit,
                can_add_advice=can_add_advice,
                can_change_final=can_change_final,
            ),
            "exceptions": exceptions,
            "advice": advice,
            "plan": plan,
            "can_edit": can_edit,
            "can_change_final": can_change_final,
            "can_add_advice": can_add_advice,
            "can_add_exception": can_edit and assessment.decision != EHCAssessment.Decision.NOT_ASSESS,
            # Parents see who gave advice and when; the LA sends them the advice itself with the
            # draft plan (reg 13), with any redaction it needs. Staff with a role at the school see the text.
            "show_advice_text": can_advise or access.may_at_school(user, pupil.school, "ehc", VIEW),
            "Decision": EHCAssessment.Decision,
        },
    )


@login_required
@form_methods
def assessment_request_change(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment_for(request, pk)
    form = forms.RequestForm(
        posted(request),
        initial={
            "request_received_on": a.request_received_on,
            "requested_by": a.requested_by,
            "requester_name": a.requester_name,
        },
    )
    return step_page(
        request,
        form,
        pupil=a.pupil,
        service=services.assessment_change_request,
        title="Change the request",
        success="Request changed",
        back=_assessment_url(a),
        arguments=lambda data: {**data, "assessment": a},
    )


@login_required
@form_methods
def assessment_decision(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment_for(request, pk)
    form = forms.DecideForm(posted(request), initial={"decision": a.decision or None, "decision_on": a.decision_on})
    return step_page(
        request,
        form,
        pupil=a.pupil,
        service=services.assessment_decide,
        title="Decision whether to assess",
        success="Decision recorded",
        back=_assessment_url(a),
        arguments=lambda data: {**data, "assessment": a},
        intro="The local authority must decide within 6 weeks of the request (reg 5(1)).",
    )


@login_required
@form_methods
def assessment_not_to_issue(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment_for(request, pk)
    form = forms.NotToIssueForm(posted(request), initial={"not_to_issue_on": a.not_to_issue_on})
    return step_page(
        request,
        form,
        pupil=a.pupil,
        service=services.assessment_decline_to_issue,
        title="Decision not to issue a plan",
        success="Decision not to issue a plan recorded",
        back=_assessment_url(a),
        arguments=lambda data: {**data, "assessment": a},
        intro="After assessing, the local authority must tell the parent within 16 weeks of the request if it will "
        "not issue a plan (reg 10(1)). This closes the assessment.",
    )


@login_required
@form_methods
def assessment_draft(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment_for(request, pk)
    form = forms.DraftForm(posted(request), initial={"draft_served_on": a.draft_served_on})
    return step_page(
        request,
        form,
        pupil=a.pupil,
        service=services.assessment_serve_draft,
        title="Draft plan served",
        success="Draft plan recorded",
        back=_assessment_url(a),
        arguments=lambda data: {**data, "assessment": a},
        intro="The parent has 15 days, beginning with the day the draft is served, to comment and to ask for a "
        "school to be named (reg 13(1)(a)).",
    )


@login_required
@form_methods
def assessment_comments(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment_for(request, pk)
    form = forms.CommentsForm(posted(request), initial={"comments_received_on": a.comments_received_on})
    return step_page(
        request,
        form,
        pupil=a.pupil,
        service=services.assessment_record_comments,
        title="Parent's comments on the draft plan",
        success="Comments recorded",
        back=_assessment_url(a),
        arguments=lambda data: {**data, "assessment": a},
    )


@login_required
@form_methods
def assessment_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment_for(request, pk)
    school = a.school_consulted or a.pupil.school
    form = forms.ConsultForm(
        posted(request),
        initial={
            "school_consulted": school.urn,
            "school_consulted_on": a.school_consulted_on,
            "school_responded_on": a.school_responded_on,
        },
    )
    return step_page(
        request,
        form,
        pupil=a.pupil,
        service=services.assessment_consult_school,
        title="Consultation with a school",
        success="Consultation recorded",
        back=_assessment_url(a),
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
    form = forms.FinalPlanForm(posted(request), initial=initial)
    return step_page(
        request,
        form,
        pupil=a.pupil,
        service=services.assessment_issue_final,
        title="Issue the final plan",
        success="Final plan issued",
        back=_assessment_url(a),
        arguments=lambda data: {
            "assessment": a,
            "final_issued_on": data["final_issued_on"],
            "named_school": data["named_school"],
            "named_hub": data["named_hub"],
        },
        intro="The final plan is due within 20 weeks of the request (reg 13(2)). Issuing it makes the EHC plan and "
        "records the pupil's SEN provision as an EHC plan.",
    )


@login_required
@form_methods
def exception_add(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment_for(request, pk)
    form = forms.ExceptionForm(posted(request))
    return step_page(
        request,
        form,
        pupil=a.pupil,
        service=services.exception_add,
        title="Add an exception to the 20-week limit",
        success="Exception recorded",
        back=_assessment_url(a),
        arguments=lambda data: {**data, "assessment": a},
        intro="These circumstances lift the 20-week limit (reg 10(4), applied by reg 13(3)). Plans with an exception "
        "are reported separately in the timeliness measure.",
    )


def advice_page(
    request: HttpRequest, record: EHCAssessment | AnnualReview, *, pupil: Pupil, back: str, target: dict[str, Any]
) -> HttpResponse:
    can_edit = access.can(request.user, record, EDIT)
    if not can_edit and not access.can(request.user, record, ADVISE):
        raise PermissionDenied
    form = forms.AdviceForm(posted(request), choose_source=can_edit)
    intro = "" if can_edit else "This is the school's advice. The local authority and the school's SENCo can read it."
    return step_page(
        request,
        form,
        pupil=pupil,
        service=services.advice_add,
        title="Add advice to the annual review" if isinstance(record, AnnualReview) else "Add advice to the assessment",
        success="Advice added",
        back=back,
        intro=intro,
        arguments=lambda data: {
            "source": data.get("source", EHCAdvice.Source.SCHOOL),
            "advice": data["advice"],
            "given_on": data["given_on"],
            **target,
        },
    )


@login_required
@form_methods
def assessment_advice_add(request: HttpRequest, pk: int) -> HttpResponse:
    a = _assessment_for(request, pk, VIEW)
    return advice_page(request, a, pupil=a.pupil, back=_assessment_url(a), target={"assessment": a})


@login_required
@form_methods
def assessment_case_officer(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment_for(request, pk)
    form = forms.CaseOfficerForm(
        posted(request),
        officers=services.case_officers_for(assessment.pupil),
        initial={"case_officer": assessment.case_officer_id},
    )
    return step_page(
        request,
        form,
        pupil=assessment.pupil,
        service=services.case_officer_set,
        title="Case officer",
        success="Case officer saved",
        back=_assessment_url(assessment),
        arguments=lambda data: {"case": assessment, "case_officer": data["case_officer"]},
    )
