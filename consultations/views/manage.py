"""Staff pages under manage/: every record fetched through the one access policy."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sendhub.access import EDIT, VIEW, can
from sendhub.http import action, posted

from .. import selectors, services
from ..formatting import deadline, long_date
from ..forms import (
    AnswerModerationForm,
    ConfirmForm,
    ConsultationForm,
    DocumentForm,
    OutcomeForm,
    QuestionForm,
    ResponseFilterForm,
    ResponseStatusForm,
    apply_service_error,
)
from ..models import Answer, Consultation, Document, Question, Response
from ..services import ConsultationError, ResponseStatus
from ._common import PER_PAGE, consultation_or_404, document_filename, form_page, pdf_response, require_manager


@login_required
@require_GET
def manage_list(request: HttpRequest) -> HttpResponse:
    require_manager(request)
    consultations = Consultation.objects.visible_to(request.user).select_related("hub").order_by("-created_at", "-pk")
    page = Paginator(consultations, PER_PAGE).get_page(request.GET.get("page"))
    can_create = selectors.hubs_for_new_consultation(request.user).exists()
    return render(request, "consultations/manage_list.html", {"page": page, "can_create": can_create})


@login_required
@require_http_methods(["GET", "POST"])
def manage_create(request: HttpRequest) -> HttpResponse:
    require_manager(request)
    hubs = list(selectors.hubs_for_new_consultation(request.user))
    if not hubs:
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "consultations/manage_no_hubs.html")
    form = ConsultationForm(posted(request), hubs=hubs)

    def save(data) -> str:
        hub = next(h for h in hubs if str(h.pk) == data["hub"])
        consultation = services.consultation_create(
            actor=request.user,
            hub=hub,
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            opening_date=data["opening_date"],
            closing_date=data["closing_date"],
        )
        return reverse("consultations:manage_detail", args=[consultation.pk])

    return form_page(
        request,
        form,
        on_valid=save,
        title="Start a consultation",
        success="Consultation created as a draft. Add its questions and documents, then publish it.",
        back_url=reverse("consultations:manage_list"),
        caption="Consultations",
    )


@login_required
@require_GET
def manage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_or_404(request, pk)
    now = timezone.now()
    counts = consultation.responses.aggregate(total=Count("pk"))
    phase = consultation.phase(now)
    questions, documents = list(consultation.questions.all()), list(consultation.documents.all())
    tasks = None
    if phase in (Consultation.State.DRAFT, Consultation.State.SCHEDULED):
        tasks = selectors.setup_tasks(
            consultation,
            now=now,
            question_count=len(questions),
            document_count=len(documents),
            can_edit=can(request.user, consultation, EDIT),
        )
    return render(
        request,
        "consultations/manage_detail.html",
        {
            "consultation": consultation,
            "phase": phase,
            "tasks": tasks,
            "questions": questions,
            "documents": documents,
            "response_count": counts["total"],
            "has_opened": consultation.has_opened(now),
            "has_closed": consultation.has_closed(now),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def manage_edit(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_or_404(request, pk, EDIT if request.method == "POST" else VIEW)
    if consultation.has_closed():
        return render(
            request,
            "consultations/manage_locked.html",
            {
                "consultation": consultation,
                "reason": "This consultation has closed: its details can no longer be changed.",
            },
        )
    initial = {
        name: getattr(consultation, name)
        for name in (
            "title",
            "summary",
            "body",
            "contact_name",
            "contact_email",
            "contact_phone",
            "opening_date",
            "closing_date",
        )
    }
    form = ConsultationForm(posted(request), initial=initial, consultation=consultation)
    detail = reverse("consultations:manage_detail", args=[consultation.pk])

    def save(data) -> str:
        services.consultation_update(
            actor=request.user,
            consultation=consultation,
            **{name: value for name, value in data.items() if name in initial},
        )
        return detail

    return form_page(
        request,
        form,
        on_valid=save,
        title="Consultation details",
        success="Consultation details saved.",
        consultation=consultation,
        back_url=detail,
    )


def _question_locked(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    return render(
        request,
        "consultations/manage_locked.html",
        {
            "consultation": consultation,
            "reason": (
                "The consultation has opened, so its questions can no longer change: every response "
                "answers the same questions."
            ),
        },
    )


def _question_values(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": data["kind"],
        "text": data["text"],
        "hint": data["hint"],
        "choices": data["options"],
        "required": data["required"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def manage_question_create(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_or_404(request, pk, EDIT if request.method == "POST" else VIEW)
    if not consultation.questions_editable:
        return _question_locked(request, consultation)
    form = QuestionForm(posted(request), initial={"required": "yes"})
    detail = reverse("consultations:manage_detail", args=[consultation.pk])

    def save(data) -> str:
        services.question_create(actor=request.user, consultation=consultation, **_question_values(data))
        return detail

    return form_page(
        request,
        form,
        on_valid=save,
        title="Add a question",
        success="Question added.",
        consultation=consultation,
        back_url=detail,
    )


@login_required
@require_http_methods(["GET", "POST"])
def manage_question_edit(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    consultation = consultation_or_404(request, pk, EDIT if request.method == "POST" else VIEW)
    question = get_object_or_404(Question.objects.visible_to(request.user), pk=question_pk, consultation=consultation)
    if not consultation.questions_editable:
        return _question_locked(request, consultation)
    initial = {
        "kind": question.kind,
        "text": question.text,
        "hint": question.hint,
        "choices": "\n".join(question.choices),
        "required": "yes" if question.required else "no",
    }
    form = QuestionForm(posted(request), initial=initial)
    detail = reverse("consultations:manage_detail", args=[consultation.pk])

    def save(data) -> str:
        services.question_update(actor=request.user, question=question, **_question_values(data))
        return detail

    return form_page(
        request,
        form,
        on_valid=save,
        title="Change a question",
        success="Question saved.",
        consultation=consultation,
        back_url=detail,
    )


@login_required
@require_POST
def manage_question_delete(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    consultation = consultation_or_404(request, pk, EDIT)
    question = get_object_or_404(
        Question.objects.visible_to(request.user, EDIT), pk=question_pk, consultation=consultation
    )
    detail = reverse("consultations:manage_detail", args=[consultation.pk])

    def remove() -> str:
        services.question_delete(actor=request.user, question=question)
        return detail

    return action(request, remove, success="Question removed.", failure_url=detail)


@login_required
@require_http_methods(["GET", "POST"])
def manage_document_create(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_or_404(request, pk, EDIT if request.method == "POST" else VIEW)
    if consultation.has_closed():
        return render(
            request,
            "consultations/manage_locked.html",
            {
                "consultation": consultation,
                "reason": "This consultation has closed: documents can no longer be added.",
            },
        )
    form = DocumentForm(posted(request), request.FILES if request.method == "POST" else None)
    detail = reverse("consultations:manage_detail", args=[consultation.pk])

    def save(data) -> str:
        services.document_add(actor=request.user, consultation=consultation, title=data["title"], file=data["file"])
        return detail

    return form_page(
        request,
        form,
        on_valid=save,
        title="Upload a document",
        success="Document uploaded.",
        consultation=consultation,
        back_url=detail,
    )


@login_required
@require_GET
def manage_document(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    consultation = consultation_or_404(request, pk)
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=document_pk, consultation=consultation)
    return pdf_response(document.file, document_filename(document))


@login_required
@require_POST
def manage_document_remove(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    consultation = consultation_or_404(request, pk, EDIT)
    document = get_object_or_404(
        Document.objects.visible_to(request.user, EDIT), pk=document_pk, consultation=consultation
    )
    detail = reverse("consultations:manage_detail", args=[consultation.pk])

    def remove() -> str:
        services.document_remove(actor=request.user, document=document)
        return detail

    return action(request, remove, success="Document removed.", failure_url=detail)


@login_required
@require_http_methods(["GET", "POST"])
def manage_publish(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_or_404(request, pk, EDIT if request.method == "POST" else VIEW)
    form = ConfirmForm(posted(request), submit_label="Publish consultation")
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
                messages.success(
                    request, f"Consultation published. It opens on {long_date(consultation.opening_date)}."
                )
            return redirect("consultations:manage_detail", pk=consultation.pk)
    return form_page(
        request,
        form,
        title="Publish this consultation",
        consultation=consultation,
        back_url=reverse("consultations:manage_detail", args=[consultation.pk]),
        template="consultations/manage_publish.html",
        opens=long_date(consultation.opening_date),
        closes=deadline(consultation.closing_date),
        question_count=consultation.questions.count(),
        document_count=consultation.documents.count(),
        has_errors=bool(form.errors),
    )


@login_required
@require_POST
def manage_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_or_404(request, pk, EDIT)
    detail = reverse("consultations:manage_detail", args=[consultation.pk])

    def unpublish() -> str:
        services.consultation_unpublish(actor=request.user, consultation=consultation)
        return detail

    return action(
        request,
        unpublish,
        failure_url=detail,
        success="The consultation is a draft again. It will not open until you publish it.",
    )


@login_required
@require_GET
def manage_responses(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_or_404(request, pk)
    capacity_question = consultation.questions.filter(kind=Question.Kind.CAPACITY).first()
    filter_form = ResponseFilterForm(
        request.GET or None, capacities=capacity_question.options if capacity_question else []
    )
    filters = filter_form.filters() if request.GET else {}
    responses = selectors.responses_for_list(request.user, consultation, **filters)
    page = Paginator(responses, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/manage_responses.html",
        {
            "consultation": consultation,
            "page": page,
            "filter_form": filter_form,
            "has_capacity": capacity_question is not None,
            "filtered": any(filters.values()) if filters else False,
        },
    )


def _response(request: HttpRequest, consultation: Consultation, response_pk: int) -> Response:
    return get_object_or_404(
        Response.objects.visible_to(request.user).select_related("duplicate_of"),
        pk=response_pk,
        consultation=consultation,
    )


@login_required
@require_GET
def manage_response(request: HttpRequest, pk: int, response_pk: int) -> HttpResponse:
    consultation = consultation_or_404(request, pk)
    response = _response(request, consultation, response_pk)
    answers = {a.question_id: a for a in response.answers.select_related("hidden_by")}
    rows = [(question, answers.get(question.pk)) for question in consultation.questions.all()]
    return render(
        request,
        "consultations/manage_response.html",
        {
            "consultation": consultation,
            "response": response,
            "rows": rows,
            "duplicates": list(response.duplicates.values_list("reference", flat=True)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def manage_response_status(request: HttpRequest, pk: int, response_pk: int) -> HttpResponse:
    consultation = consultation_or_404(request, pk, EDIT if request.method == "POST" else VIEW)
    response = _response(request, consultation, response_pk)
    current = (
        ResponseStatus.DUPLICATE
        if response.duplicate_of_id
        else ResponseStatus.SPAM
        if response.suspected_spam
        else ResponseStatus.COUNTED
    )
    initial = {"status": current, "duplicate_of": response.duplicate_of.reference if response.duplicate_of_id else ""}
    form = ResponseStatusForm(posted(request), initial=initial)
    back = reverse("consultations:manage_response", args=[consultation.pk, response.pk])

    def save(data) -> str:
        services.response_set_status(
            actor=request.user,
            response=response,
            status=data["status"],
            duplicate_of_reference=data.get("duplicate_of") or "",
        )
        return back

    return form_page(
        request,
        form,
        on_valid=save,
        title=f"Count response {response.reference}?",
        success="Response updated.",
        consultation=consultation,
        back_url=back,
        intro="A duplicate or spam response is kept, but left out of the counts and the summary.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def manage_answer_moderate(request: HttpRequest, pk: int, response_pk: int, answer_pk: int) -> HttpResponse:
    consultation = consultation_or_404(request, pk, EDIT if request.method == "POST" else VIEW)
    response = _response(request, consultation, response_pk)
    answer = get_object_or_404(
        Answer.objects.visible_to(request.user).select_related("question"),
        pk=answer_pk,
        response=response,
        question__kind=Question.Kind.FREE_TEXT,
    )
    form = AnswerModerationForm(
        posted(request), initial={"visibility": "hide" if answer.hidden else "show", "reason": answer.hidden_reason}
    )
    back = reverse("consultations:manage_response", args=[consultation.pk, response.pk])

    def save(data) -> str:
        hide = data["visibility"] == "hide"
        services.answer_moderate(actor=request.user, answer=answer, hidden=hide, reason=data.get("reason") or "")
        messages.success(
            request, "Answer hidden from the published summary." if hide else "Answer shown in the published summary."
        )
        return back

    return form_page(
        request,
        form,
        on_valid=save,
        title="Moderate an answer",
        consultation=consultation,
        back_url=back,
        template="consultations/manage_moderate.html",
        answer=answer,
        response=response,
    )


@login_required
@require_GET
def manage_summary_pdf(request: HttpRequest, pk: int) -> FileResponse:
    consultation = consultation_or_404(request, pk)
    if not consultation.summary_pdf:
        raise Http404
    return pdf_response(consultation.summary_pdf, f"{consultation.slug}-summary-of-responses.pdf")


@login_required
@require_POST
def manage_summary_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_or_404(request, pk, EDIT)
    try:
        services.consultation_summary_request(actor=request.user, consultation=consultation)
    except ConsultationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The summary of responses is being made again. This page says when it is ready.")
    return redirect("consultations:manage_detail", pk=consultation.pk)


@login_required
@require_http_methods(["GET", "POST"])
def manage_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_or_404(request, pk, EDIT if request.method == "POST" else VIEW)
    if not consultation.has_closed():
        return render(
            request,
            "consultations/manage_locked.html",
            {
                "consultation": consultation,
                "reason": (
                    "You can publish the outcome once the consultation has closed, after "
                    f"{deadline(consultation.closing_date)}."
                ),
            },
        )
    form = OutcomeForm(posted(request), initial={"outcome": consultation.outcome})
    detail = reverse("consultations:manage_detail", args=[consultation.pk])

    def save(data) -> str:
        services.consultation_outcome_publish(actor=request.user, consultation=consultation, outcome=data["outcome"])
        return detail

    return form_page(
        request,
        form,
        on_valid=save,
        title="You said, we did",
        success="Outcome published on the public page.",
        consultation=consultation,
        back_url=detail,
        intro=(
            "Tell people what they said and what you decided because of it. It is published on the "
            "consultation's public page."
        ),
    )
