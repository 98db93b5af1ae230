"""Views of the consultations app: public pages (no sign-in) and staff pages under manage/.

Staff views fetch every record through the one access policy (`get_visible_or_404`);
public views show only published consultations past their opening instant.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sendhub.access import EDIT, VIEW, get_visible_or_404, scope_q
from sendhub.dates import LONDON, add_weeks

from . import selectors, services
from .formatting import deadline, long_date, time_of_day
from .forms import (
    AnswerModerationForm,
    ConfirmForm,
    ConsultationForm,
    DocumentForm,
    OutcomeForm,
    QuestionForm,
    ResponseFilterForm,
    ResponseForm,
    ResponseStatusForm,
    apply_service_error,
)
from .models import Answer, Consultation, Document, Question, Response
from .ratelimit import check_response_rate
from .services import ConsultationClosed, ConsultationError, ResponseStatus

log = logging.getLogger(__name__)

PER_PAGE = 25
# The largest response a person can send: every answer at its limit, with room to spare.
MAX_RESPONSE_BYTES = 1_000_000
CONFIRMATION_SALT = "consultations.confirmation"


# --- Public pages ------------------------------------------------------------------------


def _public_or_404(slug: str) -> Consultation:
    return get_object_or_404(Consultation.objects.public().select_related("hub"), slug=slug)


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    public = Consultation.objects.public(now).select_related("hub")
    open_now = list(public.filter(closes_at__gte=now).exclude(state=Consultation.State.OUTCOME_PUBLISHED).order_by("closes_at", "pk"))
    closed = public.exclude(pk__in=[c.pk for c in open_now]).order_by("-closes_at", "pk")
    page = Paginator(closed, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "consultations/public_list.html", {"open_now": open_now, "page": page, "now": now})


@require_GET
def public_detail(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _public_or_404(slug)
    now = timezone.now()
    summary = None
    if consultation.state == Consultation.State.OUTCOME_PUBLISHED:
        summary = selectors.response_summary(consultation)
    return render(request, "consultations/public_detail.html", {
        "consultation": consultation,
        "documents": consultation.documents.all(),
        "is_open": consultation.is_open(now),
        "summary": summary,
        "publish_by": long_date(add_weeks(consultation.closing_date, 12)),
    })


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
            response = render(request, "consultations/too_many.html", {
                **context, "retry_time": time_of_day(local), "retry_date": long_date(local.date()),
            }, status=429)
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
    return render(request, "consultations/public_confirmation.html", {
        "consultation": consultation, "reference": reference, "receipt": receipt,
        "publish_by": long_date(add_weeks(consultation.closing_date, 12)),
    })


@require_GET
def public_privacy(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _public_or_404(slug)
    return render(request, "consultations/public_privacy.html", {"consultation": consultation})


def _pdf_response(fieldfile, filename: str, *, attachment: bool = False) -> FileResponse:
    try:
        handle = fieldfile.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type="application/pdf", as_attachment=attachment, filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response


def _document_filename(document: Document) -> str:
    return f"{slugify(document.title)[:80] or 'document'}.pdf"


@require_GET
def public_document(request: HttpRequest, slug: str, document_pk: int) -> FileResponse:
    consultation = _public_or_404(slug)
    document = get_object_or_404(Document, pk=document_pk, consultation=consultation)
    return _pdf_response(document.file, _document_filename(document))


@require_GET
def public_summary_pdf(request: HttpRequest, slug: str) -> FileResponse:
    consultation = _public_or_404(slug)
    if consultation.state != Consultation.State.OUTCOME_PUBLISHED or not consultation.summary_pdf:
        raise Http404
    return _pdf_response(consultation.summary_pdf, f"{consultation.slug}-summary-of-responses.pdf")


# --- Staff pages -------------------------------------------------------------------------


def _posted(request: HttpRequest):
    """The form's data on a POST (even an empty one, which must show its errors), else unbound."""
    return request.POST if request.method == "POST" else None


def _require_manager(request: HttpRequest) -> None:
    """Roles that run consultations may open the staff pages; other roles get a 403."""
    if scope_q(Consultation, request.user, VIEW) is None:
        raise PermissionDenied


def _consultation(request: HttpRequest, pk: int, action: str = VIEW) -> Consultation:
    return get_visible_or_404(Consultation.objects.select_related("hub"), request.user, action=action, pk=pk)


def _form_page(request: HttpRequest, form, *, title: str, consultation: Consultation | None = None,
               back_url: str = "", caption: str = "", intro: str = "", template: str = "form_page.html",
               **extra: Any) -> HttpResponse:
    return render(request, template, {
        "form": form, "title": title, "consultation": consultation, "back_url": back_url,
        "caption": caption or (consultation.title if consultation else ""), "intro": intro, **extra,
    })


@login_required
@require_GET
def manage_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    consultations = Consultation.objects.visible_to(request.user).select_related("hub").order_by("-created_at", "-pk")
    page = Paginator(consultations, PER_PAGE).get_page(request.GET.get("page"))
    can_create = selectors.hubs_for_new_consultation(request.user).exists()
    return render(request, "consultations/manage_list.html", {"page": page, "can_create": can_create})


@login_required
@require_http_methods(["GET", "POST"])
def manage_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    hubs = list(selectors.hubs_for_new_consultation(request.user))
    if not hubs:
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "consultations/manage_no_hubs.html")
    form = ConsultationForm(_posted(request), hubs=hubs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        hub = next(h for h in hubs if str(h.pk) == data["hub"])
        try:
            consultation = services.consultation_create(
                actor=request.user, hub=hub, title=data["title"], summary=data["summary"], body=data["body"],
                contact_name=data["contact_name"], contact_email=data["contact_email"],
                contact_phone=data["contact_phone"], opening_date=data["opening_date"],
                closing_date=data["closing_date"],
            )
        except ConsultationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Consultation created as a draft. Add its questions and documents, then publish it.")
            return redirect("consultations:manage_detail", pk=consultation.pk)
    return _form_page(request, form, title="Start a consultation", back_url=reverse("consultations:manage_list"),
                      caption="Consultations")


@login_required
@require_GET
def manage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    now = timezone.now()
    counts = consultation.responses.aggregate(total=Count("pk"))
    return render(request, "consultations/manage_detail.html", {
        "consultation": consultation,
        "phase": consultation.phase(now),
        "questions": consultation.questions.all(),
        "documents": consultation.documents.all(),
        "response_count": counts["total"],
        "has_opened": consultation.has_opened(now),
        "has_closed": consultation.has_closed(now),
    })


@login_required
@require_http_methods(["GET", "POST"])
def manage_edit(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk, EDIT if request.method == "POST" else VIEW)
    if consultation.has_closed():
        return render(request, "consultations/manage_locked.html", {
            "consultation": consultation, "reason": "This consultation has closed: its details can no longer be changed.",
        })
    initial = {name: getattr(consultation, name) for name in (
        "title", "summary", "body", "contact_name", "contact_email", "contact_phone", "opening_date", "closing_date")}
    form = ConsultationForm(_posted(request), initial=initial, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_update(actor=request.user, consultation=consultation, **{
                name: value for name, value in form.cleaned_data.items() if name in initial
            })
        except ConsultationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Consultation details saved.")
            return redirect("consultations:manage_detail", pk=consultation.pk)
    return _form_page(request, form, title="Consultation details", consultation=consultation,
                      back_url=reverse("consultations:manage_detail", args=[consultation.pk]))


def _question_locked(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    return render(request, "consultations/manage_locked.html", {
        "consultation": consultation,
        "reason": "The consultation has opened, so its questions can no longer change: every response answers the same questions.",
    })


def _question_values(form: QuestionForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {"kind": data["kind"], "text": data["text"], "hint": data["hint"], "choices": data["options"],
            "required": data["required"]}


@login_required
@require_http_methods(["GET", "POST"])
def manage_question_create(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk, EDIT if request.method == "POST" else VIEW)
    if not consultation.questions_editable:
        return _question_locked(request, consultation)
    form = QuestionForm(_posted(request), initial={"required": "yes"})
    if request.method == "POST" and form.is_valid():
        try:
            services.question_create(actor=request.user, consultation=consultation, **_question_values(form))
        except ConsultationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Question added.")
            return redirect("consultations:manage_detail", pk=consultation.pk)
    return _form_page(request, form, title="Add a question", consultation=consultation,
                      back_url=reverse("consultations:manage_detail", args=[consultation.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def manage_question_edit(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    consultation = _consultation(request, pk, EDIT if request.method == "POST" else VIEW)
    question = get_object_or_404(Question.objects.visible_to(request.user), pk=question_pk, consultation=consultation)
    if not consultation.questions_editable:
        return _question_locked(request, consultation)
    initial = {"kind": question.kind, "text": question.text, "hint": question.hint,
               "choices": "\n".join(question.choices), "required": "yes" if question.required else "no"}
    form = QuestionForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(actor=request.user, question=question, **_question_values(form))
        except ConsultationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Question saved.")
            return redirect("consultations:manage_detail", pk=consultation.pk)
    return _form_page(request, form, title="Change a question", consultation=consultation,
                      back_url=reverse("consultations:manage_detail", args=[consultation.pk]))


@login_required
@require_POST
def manage_question_delete(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    consultation = _consultation(request, pk, EDIT)
    question = get_object_or_404(Question.objects.visible_to(request.user, EDIT), pk=question_pk, consultation=consultation)
    try:
        services.question_delete(actor=request.user, question=question)
    except ConsultationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Question removed.")
    return redirect("consultations:manage_detail", pk=consultation.pk)


@login_required
@require_http_methods(["GET", "POST"])
def manage_document_create(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk, EDIT if request.method == "POST" else VIEW)
    if consultation.has_closed():
        return render(request, "consultations/manage_locked.html", {
            "consultation": consultation, "reason": "This consultation has closed: documents can no longer be added.",
        })
    form = DocumentForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(actor=request.user, consultation=consultation, title=form.cleaned_data["title"],
                                  file=form.cleaned_data["file"])
        except ConsultationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Document uploaded.")
            return redirect("consultations:manage_detail", pk=consultation.pk)
    return _form_page(request, form, title="Upload a document", consultation=consultation,
                      back_url=reverse("consultations:manage_detail", args=[consultation.pk]))


@login_required
@require_GET
def manage_document(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    consultation = _consultation(request, pk)
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=document_pk, consultation=consultation)
    return _pdf_response(document.file, _document_filename(document))


@login_required
@require_POST
def manage_document_remove(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    consultation = _consultation(request, pk, EDIT)
    document = get_object_or_404(Document.objects.visible_to(request.user, EDIT), pk=document_pk, consultation=consultation)
    try:
        services.document_remove(actor=request.user, document=document)
    except ConsultationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Document removed.")
    return redirect("consultations:manage_detail", pk=consultation.pk)


@login_required
@require_http_methods(["GET", "POST"])
def manage_publish(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk, EDIT if request.method == "POST" else VIEW)
    form = ConfirmForm(_posted(request), submit_label="Publish consultation")
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_publish(actor=request.user, consultation=consultation)
        except ConsultationError as exc:
            apply_service_error(form, exc)
        else:
            consultation.refresh_from_db()
            if consultation.state == Consultation.State.OPEN:
                messages.success(request, "Consultation published. It is open for responses now.")
            else:
                messages.success(request, f"Consultation published. It opens on {long_date(consultation.opening_date)}.")
            return redirect("consultations:manage_detail", pk=consultation.pk)
    return _form_page(
        request, form, title="Publish this consultation", consultation=consultation,
        back_url=reverse("consultations:manage_detail", args=[consultation.pk]),
        template="consultations/manage_publish.html",
        opens=long_date(consultation.opening_date), closes=deadline(consultation.closing_date),
        question_count=consultation.questions.count(), document_count=consultation.documents.count(),
        has_errors=bool(form.errors),
    )


@login_required
@require_POST
def manage_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk, EDIT)
    try:
        services.consultation_unpublish(actor=request.user, consultation=consultation)
    except ConsultationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "The consultation is a draft again. It will not open until you publish it.")
    return redirect("consultations:manage_detail", pk=consultation.pk)


@login_required
@require_GET
def manage_responses(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    capacity_question = consultation.questions.filter(kind=Question.Kind.CAPACITY).first()
    filter_form = ResponseFilterForm(request.GET or None, capacities=capacity_question.options if capacity_question else [])
    filters = filter_form.filters() if request.GET else {}
    responses = selectors.responses_for_list(request.user, consultation, **filters)
    page = Paginator(responses, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "consultations/manage_responses.html", {
        "consultation": consultation, "page": page, "filter_form": filter_form,
        "has_capacity": capacity_question is not None, "filtered": any(filters.values()) if filters else False,
    })


def _response(request: HttpRequest, consultation: Consultation, response_pk: int) -> Response:
    return get_object_or_404(
        Response.objects.visible_to(request.user).select_related("duplicate_of"), pk=response_pk, consultation=consultation
    )


@login_required
@require_GET
def manage_response(request: HttpRequest, pk: int, response_pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    response = _response(request, consultation, response_pk)
    answers = {a.question_id: a for a in response.answers.select_related("hidden_by")}
    rows = [(question, answers.get(question.pk)) for question in consultation.questions.all()]
    return render(request, "consultations/manage_response.html", {
        "consultation": consultation, "response": response, "rows": rows,
        "duplicates": list(response.duplicates.values_list("reference", flat=True)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def manage_response_status(request: HttpRequest, pk: int, response_pk: int) -> HttpResponse:
    consultation = _consultation(request, pk, EDIT if request.method == "POST" else VIEW)
    response = _response(request, consultation, response_pk)
    current = (ResponseStatus.DUPLICATE if response.duplicate_of_id else
               ResponseStatus.SPAM if response.suspected_spam else ResponseStatus.COUNTED)
    initial = {"status": current, "duplicate_of": response.duplicate_of.reference if response.duplicate_of_id else ""}
    form = ResponseStatusForm(_posted(request), initial=initial)
    back = reverse("consultations:manage_response", args=[consultation.pk, response.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.response_set_status(actor=request.user, response=response, status=form.cleaned_data["status"],
                                         duplicate_of_reference=form.cleaned_data.get("duplicate_of") or "")
        except ConsultationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Response updated.")
            return redirect(back)
    return _form_page(request, form, title=f"Count response {response.reference}?", consultation=consultation,
                      back_url=back,
                      intro="A duplicate or spam response is kept, but left out of the counts and the summary.")


@login_required
@require_http_methods(["GET", "POST"])
def manage_answer_moderate(request: HttpRequest, pk: int, response_pk: int, answer_pk: int) -> HttpResponse:
    consultation = _consultation(request, pk, EDIT if request.method == "POST" else VIEW)
    response = _response(request, consultation, response_pk)
    answer = get_object_or_404(
        Answer.objects.visible_to(request.user).select_related("question"), pk=answer_pk, response=response,
        question__kind=Question.Kind.FREE_TEXT,
    )
    form = AnswerModerationForm(
        _posted(request), initial={"visibility": "hide" if answer.hidden else "show", "reason": answer.hidden_reason}
    )
    back = reverse("consultations:manage_response", args=[consultation.pk, response.pk])
    if request.method == "POST" and form.is_valid():
        hide = form.cleaned_data["visibility"] == "hide"
        try:
            services.answer_moderate(actor=request.user, answer=answer, hidden=hide,
                                     reason=form.cleaned_data.get("reason") or "")
        except ConsultationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Answer hidden from the published summary." if hide
                             else "Answer shown in the published summary.")
            return redirect(back)
    return _form_page(request, form, title="Moderate an answer", consultation=consultation, back_url=back,
                      template="consultations/manage_moderate.html", answer=answer, response=response)


# --- Exports -----------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(consultation: Consultation, user) -> Iterator[list[str]]:
    questions = list(consultation.questions.all())
    yield ["Reference", "Submitted (UK time)", "Counted", "Duplicate of", "Spam",
           *[f"Q{n}. {q.text}" for n, q in enumerate(questions, start=1)], "Hidden from the published summary"]
    responses = (
        Response.objects.visible_to(user).filter(consultation=consultation)
        .select_related("duplicate_of").prefetch_related("answers").order_by("submitted_at", "pk")
    )
    number = {q.pk: n for n, q in enumerate(questions, start=1)}
    for response in responses.iterator(chunk_size=500):
        answers = {a.question_id: a for a in response.answers.all()}
        hidden = [f"Q{number[qid]}" for qid, a in answers.items() if a.hidden and qid in number]
        yield [
            response.reference,
            response.submitted_at.astimezone(LONDON).strftime("%Y-%m-%d %H:%M:%S"),
            "Yes" if response.counts else "No",
            response.duplicate_of.reference if response.duplicate_of_id else "",
            "Yes" if response.suspected_spam else "No",
            *[answers[q.pk].value if q.pk in answers else "" for q in questions],
            ", ".join(sorted(hidden, key=lambda s: int(s[1:]))),
        ]


@login_required
@require_GET
def manage_export_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    consultation = _consultation(request, pk)
    writer = csv.writer(_Echo())
    rows = (writer.writerow([csv_safe(cell) for cell in row]) for row in _csv_rows(consultation, request.user))
    response = StreamingHttpResponse(
        _with_bom(rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}-responses.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def _with_bom(rows: Iterator[str]) -> Iterator[str]:
    # Excel reads UTF-8 (names with accents, curly quotes) only with a byte order mark.
    yield "\ufeff"
    yield from rows


@login_required
@require_GET
def manage_summary_pdf(request: HttpRequest, pk: int) -> FileResponse:
    consultation = _consultation(request, pk)
    if not consultation.summary_pdf:
        raise Http404
    return _pdf_response(consultation.summary_pdf, f"{consultation.slug}-summary-of-responses.pdf")


@login_required
@require_POST
def manage_summary_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk, EDIT)
    if services.consultation_summary_generate(consultation_id=consultation.pk):
        messages.success(request, "Summary of responses generated.")
    else:
        messages.error(request, "The summary of responses can be generated once the consultation has closed.")
    return redirect("consultations:manage_detail", pk=consultation.pk)


@login_required
@require_http_methods(["GET", "POST"])
def manage_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk, EDIT if request.method == "POST" else VIEW)
    if not consultation.has_closed():
        return render(request, "consultations/manage_locked.html", {
            "consultation": consultation,
            "reason": f"You can publish the outcome once the consultation has closed, after {deadline(consultation.closing_date)}.",
        })
    form = OutcomeForm(_posted(request), initial={"outcome": consultation.outcome})
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_outcome_publish(actor=request.user, consultation=consultation,
                                                 outcome=form.cleaned_data["outcome"])
        except ConsultationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Outcome published on the public page.")
            return redirect("consultations:manage_detail", pk=consultation.pk)
    return _form_page(request, form, title="You said, we did", consultation=consultation,
                      back_url=reverse("consultations:manage_detail", args=[consultation.pk]),
                      intro="Tell people what they said and what you decided because of it. It is published on the consultation's public page.")
