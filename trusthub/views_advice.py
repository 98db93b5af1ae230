"""Pages for advice and case consultations. Records come through the access policy only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from sendhub import access
from sendhub.access import get_visible_or_404, visible_page
from sendhub.http import form_page, posted

from . import advice
from .forms import AnswerForm, AskForm, ClinicSlotForm, VisitForm
from .models import AdviceRequest


@login_required
@require_GET
def advice_list(request: HttpRequest) -> HttpResponse:
    page = visible_page(request, AdviceRequest.objects.select_related("school", "pupil", "hub"))
    return render(
        request, "trusthub/advice_list.html", {"page": page, "may_ask": bool(advice.asking_schools(request.user))}
    )


@login_required
@require_http_methods(["GET", "POST"])
def advice_ask(request: HttpRequest) -> HttpResponse:
    schools = advice.asking_schools(request.user)
    if not schools:
        raise Http404
    form = AskForm(
        posted(request),
        schools=schools,
        consents=list(advice.usable_consents(request.user)),
        initial={"school": str(schools[0].pk)} if len(schools) == 1 else {},
    )

    def on_valid(data) -> str:
        made = advice.advice_ask(
            actor=request.user,
            school=form.schools[data["school"]],
            kind=data["kind"],
            question=data["question"],
            consent=form.consents.get(data.get("consent") or ""),
        )
        return reverse("trusthub:advice", args=[made.pk])

    return form_page(
        request,
        form,
        on_valid=on_valid,
        title="Ask the trust SEND hub",
        intro="General advice, or a case consultation about a child with the consent of their parent or carer.",
        back_url=reverse("trusthub:advice_list"),
        success="Your request is sent",
    )


@login_required
@require_GET
def advice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(
        AdviceRequest.objects.select_related("school", "pupil", "hub", "asked_by"), request.user, pk=pk
    )
    return render(
        request,
        "trusthub/advice.html",
        {
            "item": item,
            "events": item.events.select_related("actor"),
            "may_triage": access.can(request.user, item, advice.TRIAGE),
            "may_reply": access.can(request.user, item, access.EDIT),
        },
    )


def _triage_page(request: HttpRequest, pk: int) -> AdviceRequest:
    item = get_visible_or_404(AdviceRequest, request.user, pk=pk, action=advice.TRIAGE)
    if item.status == AdviceRequest.Status.CLOSED:
        raise Http404
    return item


@login_required
@require_http_methods(["GET", "POST"])
def advice_answer(request: HttpRequest, pk: int) -> HttpResponse:
    item = _triage_page(request, pk)

    def on_valid(data) -> str:
        advice.advice_answer(actor=request.user, request=item, answer=data["answer"])
        return reverse("trusthub:advice", args=[item.pk])

    return form_page(
        request,
        AnswerForm(posted(request)),
        on_valid=on_valid,
        title=f"Answer request {item.short_reference}",
        back_url=reverse("trusthub:advice", args=[item.pk]),
        success="Your answer is sent",
    )


@login_required
@require_http_methods(["GET", "POST"])
def advice_reply(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(AdviceRequest, request.user, pk=pk, action=access.EDIT)

    def on_valid(data) -> str:
        advice.advice_reply(actor=request.user, request=item, message=data["answer"])
        return reverse("trusthub:advice", args=[item.pk])

    return form_page(
        request,
        AnswerForm(posted(request), label="Your message", submit="Send"),
        on_valid=on_valid,
        title=f"Add to request {item.short_reference}",
        back_url=reverse("trusthub:advice", args=[item.pk]),
        success="Your message is sent",
    )


@login_required
@require_http_methods(["GET", "POST"])
def advice_clinic(request: HttpRequest, pk: int) -> HttpResponse:
    item = _triage_page(request, pk)
    form = ClinicSlotForm(posted(request), sessions=list(advice.clinic_sessions(item)))

    def on_valid(data) -> str:
        advice.advice_book_clinic(
            actor=request.user, request=item, session=form.sessions[data["session"]], note=data["note"]
        )
        return reverse("trusthub:advice", args=[item.pk])

    return form_page(
        request,
        form,
        on_valid=on_valid,
        title=f"Book a clinic slot for request {item.short_reference}",
        back_url=reverse("trusthub:advice", args=[item.pk]),
        success="The clinic slot is booked",
    )


@login_required
@require_http_methods(["GET", "POST"])
def advice_visit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _triage_page(request, pk)

    def on_valid(data) -> str:
        advice.advice_visit(actor=request.user, request=item, day=data["day"], note=data["note"])
        return reverse("trusthub:advice", args=[item.pk])

    return form_page(
        request,
        VisitForm(posted(request)),
        on_valid=on_valid,
        title=f"Arrange a visit for request {item.short_reference}",
        back_url=reverse("trusthub:advice", args=[item.pk]),
        success="The visit is arranged",
    )
