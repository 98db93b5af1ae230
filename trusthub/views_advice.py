"""Pages for advice and case consultations. Records come through the access policy only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from referrals.intake.forms import WithdrawForm
from sendhub import access
from sendhub.access import get_visible_or_404, visible_page
from sendhub.http import form_page, posted, posted_files

from . import advice
from .forms import AnswerForm, AskForm, ChildConsultationForm, ChooseChildForm, ClinicSlotForm, VisitForm
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
@require_http_methods(["GET", "POST"])
def advice_ask_child(request: HttpRequest) -> HttpResponse:
    """A case consultation about a child with no referral: choose the child, then record consent."""
    pupils = list(advice.child_pupils(request.user).select_related("school"))
    if not pupils:  # no school to ask for, or (a school leader) no access to its children's records
        raise Http404
    form = ChooseChildForm(posted(request), pupils=pupils)
    return form_page(
        request,
        form,
        on_valid=lambda data: reverse("trusthub:advice_ask_child_consent", kwargs={"pupil": data["pupil"]}),
        title="Ask about a child who has no referral",
        intro="You will record the consent of their parent or carer (or the young person, at 16 or over) next.",
        back_url=reverse("trusthub:advice_ask"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def advice_ask_child_consent(request: HttpRequest, pupil: int) -> HttpResponse:
    """The referral's consent questions (the same rules), the written or verbal details, and the question."""
    child = get_object_or_404(advice.child_pupils(request.user), pk=pupil)
    form = ChildConsultationForm(posted(request), posted_files(request), pupil=child)

    def on_valid(data) -> str:
        values, details = form.consent_values(), form.consent_details()
        made = advice.advice_ask_about_child(
            actor=request.user, pupil=child, question=data["question"], **values, **details
        )
        return reverse("trusthub:advice", args=[made.pk])

    return form_page(
        request,
        form,
        on_valid=on_valid,
        title="Consent and your question",
        caption=f"Case consultation about {child.name}",
        intro=(
            "Only a parent or carer with parental responsibility (or the young person, at 16 or over) can give "
            "consent. The trust SEND hub sees the consultation only while it stands: if it is withdrawn, "
            "the consultation closes to everyone at once."
        ),
        back_url=reverse("trusthub:advice_ask_child"),
        success="Your request is sent",
    )


@login_required
@require_http_methods(["GET", "POST"])
def advice_withdraw_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw the consent a case consultation owns: nobody sees it from then on."""
    item = get_visible_or_404(AdviceRequest.objects.select_related("consent", "school", "hub"), request.user, pk=pk)
    if not advice.may_withdraw_consent(request.user, item):
        raise Http404

    def on_valid(data) -> str:
        advice.advice_consent_withdraw(actor=request.user, request=item, note=data["note"])
        return reverse("trusthub:advice_list")

    return form_page(
        request,
        WithdrawForm(posted(request)),
        on_valid=on_valid,
        title=f"Withdraw consent for request {item.short_reference}",
        warning="The trust SEND hub, the school and the family will no longer see this consultation.",
        back_url=reverse("trusthub:advice", args=[item.pk]),
        success="Consent is withdrawn: the consultation has stopped",
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
            "may_withdraw_consent": advice.may_withdraw_consent(request.user, item),
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
