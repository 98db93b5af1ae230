"""Public pages: no sign-in. Only published consultations past their opening instant are shown."""

from __future__ import annotations

import logging
from typing import Any

from django.core import signing
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from sendhub.dates import LONDON, add_weeks

from .. import selectors, services
from ..formatting import deadline, long_date, time_of_day
from ..forms import ResponseForm, apply_service_error
from ..models import Consultation, Document
from ..ratelimit import check_response_rate
from ..services import ConsultationClosed, ConsultationError
from ._common import PER_PAGE, document_filename, pdf_response

log = logging.getLogger(__name__)

# The largest response a person can send: every answer at its limit, with room to spare.
MAX_RESPONSE_BYTES = 1_000_000
CONFIRMATION_SALT = "consultations.confirmation"


def _public_or_404(slug: str) -> Consultation:
    return get_object_or_404(Consultation.objects.public().select_related("hub"), slug=slug)


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    public = Consultation.objects.public(now).select_related("hub")
    open_now = list(
        public.filter(closes_at__gte=now)
        .exclude(state=Consultation.State.OUTCOME_PUBLISHED)
        .order_by("closes_at", "pk")
    )
    closed = public.exclude(pk__in=[c.pk for c in open_now]).order_by("-closes_at", "pk")
    page = Paginator(closed, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "consultations/public_list.html", {"open_now": open_now, "page": page, "now": now})


@require_GET
def public_detail(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _public_or_404(slug)
    now = timezone.now()
    summary = None
    if consultation.state == Consultation.State.OUTCOME_PUBLISHED:
        summary = selectors.published_summary(consultation, now)
    return render(
        request,
        "consultations/public_detail.html",
        {
            "consultation": consultation,
            "documents": consultation.documents.all(),
            "is_open": consultation.is_open(now),
            "summary": summary,
            "publish_by": long_date(add_weeks(consultation.closing_date, 12)),
        },
    )


def _too_large(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_RESPONSE_BYTES
    except ValueError:
        return True


def _confirmation_url(consultation: Consultation, reference: str, receipt: bool) -> str:
    token = signing.dumps({"r": reference, "e": receipt}, salt=f"{CONFIRMATION_SALT}.{consultation.pk}", compress=False)
    return reverse("consultations:public_confirmation", kwargs={"slug": consultation.slug, "token": token})


@require_http_methods(["GET", "POST"])
def public_respond(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _public_or_404(slug)
    questions = list(consultation.questions.all())
    context: dict[str, Any] = {"consultation": consultation, "closes": deadline(consultation.closing_date)}
    if request.method == "POST":
        if _too_large(request):
            return render(request, "consultations/too_large.html", {**context, "limit": "5,000"}, status=413)
        limit = check_response_rate(request)
        if limit.limited:
            local = limit.retry_at.astimezone(LONDON)
            response = render(
                request,
                "consultations/too_many.html",
                {
                    **context,
                    "retry_time": time_of_day(local),
                    "retry_date": long_date(local.date()),
                },
                status=429,
            )
            response["Retry-After"] = str(limit.retry_after_seconds)
            return response
        form = ResponseForm(request.POST, questions=questions)
        if form.is_valid():
            spam = form.honeypot_filled
            try:
                saved = services.response_submit(
                    consultation_id=consultation.pk,
                    answers=form.answers(),
                    receipt_email=form.cleaned_data.get("receipt_email") or "",
                    suspected_spam=spam,
                )
            except ConsultationClosed as exc:
                apply_service_error(form, exc)
                context["refused"] = True
            except ConsultationError as exc:
                apply_service_error(form, exc)
            else:
                if spam:
                    log.info("Response %s kept as suspected spam (honeypot filled)", saved.reference)
                # The response is committed: only now does the person see their reference.
                return redirect(_confirmation_url(consultation, saved.reference, saved.receipt_requested))
    else:
        if not consultation.is_open():
            return render(request, "consultations/public_closed.html", context)
        form = ResponseForm(questions=questions)
    return render(request, "consultations/public_respond.html", {**context, "form": form})


@require_GET
def public_confirmation(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    consultation = _public_or_404(slug)
    try:
        data = signing.loads(token, salt=f"{CONFIRMATION_SALT}.{consultation.pk}")
        reference, receipt = str(data["r"]), bool(data["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise Http404 from None
    return render(
        request,
        "consultations/public_confirmation.html",
        {
            "consultation": consultation,
            "reference": reference,
            "receipt": receipt,
            "publish_by": long_date(add_weeks(consultation.closing_date, 12)),
        },
    )


@require_GET
def public_privacy(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _public_or_404(slug)
    return render(request, "consultations/public_privacy.html", {"consultation": consultation})


@require_GET
def public_document(request: HttpRequest, slug: str, document_pk: int) -> FileResponse:
    consultation = _public_or_404(slug)
    document = get_object_or_404(Document, pk=document_pk, consultation=consultation)
    return pdf_response(document.file, document_filename(document))


@require_GET
def public_summary_pdf(request: HttpRequest, slug: str) -> FileResponse:
    consultation = _public_or_404(slug)
    if consultation.state != Consultation.State.OUTCOME_PUBLISHED or not consultation.summary_pdf:
        raise Http404
    return pdf_response(consultation.summary_pdf, f"{consultation.slug}-summary-of-responses.pdf")
