"""SEN support pages: the cycle of assess, plan, do and review, and meetings with parents."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pupils.models import NOTIONAL_SEN_BUDGET_THRESHOLD, Pupil, SupportCycle, SupportOutcome, SupportProvision
from pupils.support import services
from pupils.support.forms import (
    CyclePlanForm,
    CycleReviewForm,
    CycleStartForm,
    OutcomeForm,
    ParentMeetingForm,
    ProvisionForm,
)
from sendhub import access
from sendhub.http import action, form_page, posted


def _cycle_url(cycle_id: int) -> str:
    return reverse("pupils:cycle", kwargs={"pk": cycle_id})


def _pupil_for_support(request: HttpRequest, pk: int) -> Pupil:
    pupil = access.get_visible_or_404(Pupil.objects.select_related("school"), request.user, pk=pk)
    if not access.may_at_school(request.user, pupil.school, "sen_support", access.EDIT):
        raise PermissionDenied
    return pupil


@login_required
@require_http_methods(["GET", "POST"])
def cycle_start(request: HttpRequest, pk: int) -> HttpResponse:
    pupil = _pupil_for_support(request, pk)
    previous = SupportCycle.objects.visible_to(request.user).filter(pupil=pupil).first()
    initial = {}
    if previous is not None and not previous.is_open:
        initial = {"needs": previous.needs, "parent_views": previous.parent_views, "child_views": previous.child_views}
    form = CycleStartForm(posted(request), initial=initial)

    def save(data) -> str:
        cycle = services.cycle_start(
            actor=request.user,
            pupil=pupil,
            started_on=data["started_on"],
            needs=data["needs"],
            parent_views=data["parent_views"],
            child_views=data["child_views"],
            carry_over_from=previous if previous is not None and not previous.is_open else None,
        )
        return _cycle_url(cycle.pk)

    intro = (
        "Assess: record what you found about the pupil's needs, and the views of their parents and of the pupil. "
        "You will then plan outcomes and provision."
    )
    if previous is not None and not previous.is_open:
        intro += (
            " Outcomes not yet achieved and the provision of the last cycle will be carried over for you to change."
        )
    return form_page(
        request,
        form,
        on_valid=save,
        title="Start a SEN support cycle",
        caption=pupil.name,
        intro=intro,
        back_url=reverse("pupils:detail", kwargs={"pk": pupil.pk}),
    )


@login_required
@require_GET
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = access.get_visible_or_404(
        SupportCycle.objects.select_related("pupil__school", "created_by"), request.user, pk=pk
    )
    provisions = list(cycle.provisions.all())
    total = sum((p.cost_per_year for p in provisions), start=Decimal("0"))
    as_staff = access.can(request.user, cycle.pupil, access.VIEW, roles=access.STAFF_ROLES)
    return render(
        request,
        "pupils/support/cycle.html",
        {
            "cycle": cycle,
            "pupil": cycle.pupil,
            "outcomes": list(cycle.outcomes.all()),
            "provisions": provisions,
            "total_cost": total,
            "threshold": NOTIONAL_SEN_BUDGET_THRESHOLD,
            "over_threshold": total > NOTIONAL_SEN_BUDGET_THRESHOLD,
            "may_edit": cycle.is_open and access.can(request.user, cycle, access.EDIT),
            "show_costs": as_staff,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cycle_plan(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = access.get_visible_or_404(
        SupportCycle.objects.select_related("pupil"), request.user, action=access.EDIT, pk=pk
    )
    initial = {f: getattr(cycle, f) for f in ("needs", "parent_views", "child_views", "responsible", "review_date")}
    form = CyclePlanForm(posted(request), initial=initial)

    def save(data) -> str:
        services.cycle_plan(actor=request.user, cycle=cycle, **data)
        return _cycle_url(cycle.pk)

    return form_page(
        request,
        form,
        on_valid=save,
        title="Assess and plan",
        caption=cycle.pupil.name,
        success="Plan saved",
        back_url=_cycle_url(cycle.pk),
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome_add(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = access.get_visible_or_404(
        SupportCycle.objects.select_related("pupil"), request.user, action=access.EDIT, pk=pk
    )
    form = OutcomeForm(posted(request))

    def save(data) -> str:
        services.outcome_add(actor=request.user, cycle=cycle, description=data["description"])
        return _cycle_url(cycle.pk) + "#outcomes"

    return form_page(
        request,
        form,
        on_valid=save,
        title="Add an outcome",
        caption=cycle.pupil.name,
        success="Outcome added",
        back_url=_cycle_url(cycle.pk),
    )


@login_required
@require_POST
def outcome_remove(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = access.get_visible_or_404(SupportOutcome, request.user, action=access.EDIT, pk=pk)

    def remove() -> str:
        services.outcome_remove(actor=request.user, outcome=outcome)
        return _cycle_url(outcome.cycle_id) + "#outcomes"

    return action(request, remove, success="Outcome removed", failure_url=_cycle_url(outcome.cycle_id))


@login_required
@require_http_methods(["GET", "POST"])
def provision_add(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = access.get_visible_or_404(
        SupportCycle.objects.select_related("pupil"), request.user, action=access.EDIT, pk=pk
    )
    form = ProvisionForm(posted(request))

    def save(data) -> str:
        services.provision_add(actor=request.user, cycle=cycle, **data)
        return _cycle_url(cycle.pk) + "#provision"

    return form_page(
        request,
        form,
        on_valid=save,
        title="Add provision",
        caption=cycle.pupil.name,
        success="Provision added",
        back_url=_cycle_url(cycle.pk),
    )


@login_required
@require_POST
def provision_remove(request: HttpRequest, pk: int) -> HttpResponse:
    provision = access.get_visible_or_404(SupportProvision, request.user, action=access.EDIT, pk=pk)

    def remove() -> str:
        services.provision_remove(actor=request.user, provision=provision)
        return _cycle_url(provision.cycle_id) + "#provision"

    return action(request, remove, success="Provision removed", failure_url=_cycle_url(provision.cycle_id))


@login_required
@require_http_methods(["GET", "POST"])
def cycle_review(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = access.get_visible_or_404(
        SupportCycle.objects.select_related("pupil"), request.user, action=access.EDIT, pk=pk
    )
    outcomes = list(cycle.outcomes.all())
    form = CycleReviewForm(posted(request), outcomes=outcomes)

    def save(data) -> str:
        services.cycle_review(
            actor=request.user,
            cycle=cycle,
            reviewed_on=data["reviewed_on"],
            summary=data["summary"],
            next_step=data["next_step"],
            progress=form.progress(),
        )
        return _cycle_url(cycle.pk)

    intro = "" if outcomes else "Add at least one outcome before you review the cycle."
    return form_page(
        request,
        form,
        on_valid=save,
        title="Review progress",
        caption=cycle.pupil.name,
        intro=intro,
        success="Review saved",
        back_url=_cycle_url(cycle.pk),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    pupil = _pupil_for_support(request, pk)
    form = ParentMeetingForm(posted(request))
    detail = reverse("pupils:detail", kwargs={"pk": pupil.pk})

    def save(data) -> str:
        services.parent_meeting_add(actor=request.user, pupil=pupil, **data)
        return detail + "#parent-meetings"

    return form_page(
        request,
        form,
        on_valid=save,
        title="Record a meeting with parents",
        caption=pupil.name,
        intro="Schools should meet parents at least three times a year (SEND Code of Practice 6.65).",
        success="Meeting recorded",
        back_url=detail,
    )
