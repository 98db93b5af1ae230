"""Building a consultation: details, publishing, questions and documents."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from hubs.models import Hub
from sendhub.access import EDIT, require
from sendhub.dates import end_of_day, start_of_day
from sendhub.uploads import MB, PDF, check_upload

from .. import selectors
from ..models import DOCUMENTS_MAX, QUESTIONS_MAX, Consultation, Document, Question
from .errors import ConsultationError

DOCUMENT_MAX_BYTES = 10 * MB
RESERVED_SLUGS = {"manage"}
State = Consultation.State


def _unique_slug(title: str) -> str:
    base = slugify(title)[:60].strip("-") or "consultation"
    slug = base
    while slug in RESERVED_SLUGS or Consultation.objects.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(2)}"
    return slug


def _check_dates(opening_date: date, closing_date: date) -> None:
    if closing_date < opening_date:
        raise ConsultationError("The closing date must be the same as or after the opening date", "closing_date")


@transaction.atomic
def consultation_create(
    *,
    actor,
    hub: Hub,
    title: str,
    summary: str,
    body: str,
    contact_name: str,
    contact_email: str,
    contact_phone: str = "",
    opening_date: date,
    closing_date: date,
    slug: str | None = None,
) -> Consultation:
    """A new draft on a hub the actor's organisation owns."""
    if not selectors.hubs_for_new_consultation(actor).filter(pk=hub.pk).exists():
        raise ConsultationError("Select a hub your organisation runs", "hub")
    _check_dates(opening_date, closing_date)
    return Consultation.objects.create(
        slug=slug or _unique_slug(title),
        hub=hub,
        title=title,
        summary=summary,
        body=body,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        opening_date=opening_date,
        closing_date=closing_date,
        opens_at=start_of_day(opening_date),
        closes_at=end_of_day(closing_date),
        created_by=actor,
    )


@transaction.atomic
def consultation_update(*, actor, consultation: Consultation, **values) -> Consultation:
    """Change the details until the close; the opening date only before it opens."""
    require(actor, consultation, EDIT)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    now = timezone.now()
    if consultation.has_closed(now):
        raise ConsultationError("This consultation has closed: its details can no longer be changed")
    allowed = {
        "title",
        "summary",
        "body",
        "contact_name",
        "contact_email",
        "contact_phone",
        "opening_date",
        "closing_date",
    }
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"Cannot change {sorted(unknown)}")
    if (
        "opening_date" in values
        and values["opening_date"] != consultation.opening_date
        and consultation.has_opened(now)
    ):
        raise ConsultationError("The consultation has opened: its opening date cannot change", "opening_date")
    for name, value in values.items():
        setattr(consultation, name, value)
    _check_dates(consultation.opening_date, consultation.closing_date)
    if consultation.state != State.DRAFT and end_of_day(consultation.closing_date) < now:
        raise ConsultationError("The closing date must be today or in the future", "closing_date")
    consultation.opens_at = start_of_day(consultation.opening_date)
    consultation.closes_at = end_of_day(consultation.closing_date)
    consultation.save()
    _sync_state(consultation, now)
    return consultation


def _sync_state(consultation: Consultation, now: datetime) -> None:
    """Record the state the clock says, for a published consultation that is not closed."""
    if consultation.state in (State.SCHEDULED, State.OPEN):
        target = State.SCHEDULED if now < consultation.opens_at else State.OPEN
        if consultation.state != target:
            consultation.state = target
            consultation.save(update_fields=["state"])


@transaction.atomic
def consultation_publish(*, actor, consultation: Consultation) -> Consultation:
    """Draft to scheduled (or straight to open when its opening date has come)."""
    require(actor, consultation, EDIT)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.state != State.DRAFT:
        raise ConsultationError("This consultation has already been published")
    if not consultation.questions.exists():
        raise ConsultationError("Add at least one question before you publish the consultation")
    now = timezone.now()
    if consultation.closes_at < now:
        raise ConsultationError("The closing date has passed: change it to today or a later date before you publish")
    consultation.state = State.SCHEDULED if now < consultation.opens_at else State.OPEN
    consultation.published_at = now
    consultation.save(update_fields=["state", "published_at"])
    return consultation


@transaction.atomic
def consultation_unpublish(*, actor, consultation: Consultation) -> Consultation:
    """A scheduled consultation goes back to draft; once open it cannot."""
    require(actor, consultation, EDIT)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.state == State.DRAFT:
        raise ConsultationError("This consultation is already a draft")
    if consultation.has_opened():
        raise ConsultationError("This consultation has opened: it cannot go back to draft")
    consultation.state = State.DRAFT
    consultation.published_at = None
    consultation.save(update_fields=["state", "published_at"])
    return consultation


def _require_questions_editable(consultation: Consultation) -> None:
    if consultation.has_opened():
        raise ConsultationError("The consultation has opened: its questions can no longer change")


@transaction.atomic
def question_create(
    *,
    actor,
    consultation: Consultation,
    kind: str,
    text: str,
    hint: str = "",
    choices: list[str] | None = None,
    required: bool = True,
) -> Question:
    require(actor, consultation, EDIT)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    _require_questions_editable(consultation)
    if consultation.questions.count() >= QUESTIONS_MAX:
        raise ConsultationError(f"A consultation can have up to {QUESTIONS_MAX} questions")
    if kind == Question.Kind.CAPACITY and consultation.questions.filter(kind=kind).exists():
        raise ConsultationError("The consultation already asks in what capacity people respond", "kind")
    last = consultation.questions.order_by("-position").values_list("position", flat=True).first() or 0
    return Question.objects.create(
        consultation=consultation,
        kind=kind,
        text=text,
        hint=hint,
        choices=list(choices or []) if kind == Question.Kind.SINGLE_CHOICE else [],
        required=required,
        position=last + 1,
    )


@transaction.atomic
def question_update(
    *,
    actor,
    question: Question,
    kind: str,
    text: str,
    hint: str = "",
    choices: list[str] | None = None,
    required: bool = True,
) -> Question:
    require(actor, question.consultation, EDIT)
    consultation = Consultation.objects.select_for_update().get(pk=question.consultation_id)
    _require_questions_editable(consultation)
    if kind == Question.Kind.CAPACITY and consultation.questions.filter(kind=kind).exclude(pk=question.pk).exists():
        raise ConsultationError("The consultation already asks in what capacity people respond", "kind")
    question.kind, question.text, question.hint, question.required = kind, text, hint, required
    question.choices = list(choices or []) if kind == Question.Kind.SINGLE_CHOICE else []
    question.save()
    return question


@transaction.atomic
def question_delete(*, actor, question: Question) -> None:
    require(actor, question.consultation, EDIT)
    consultation = Consultation.objects.select_for_update().get(pk=question.consultation_id)
    _require_questions_editable(consultation)
    question.delete()


@transaction.atomic
def document_add(*, actor, consultation: Consultation, title: str, file) -> Document:
    """A PDF (checked by its content) of at most 10MB, until the consultation closes."""
    require(actor, consultation, EDIT)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.has_closed():
        raise ConsultationError("The consultation has closed: documents can no longer be added")
    if consultation.documents.count() >= DOCUMENTS_MAX:
        raise ConsultationError(f"A consultation can have up to {DOCUMENTS_MAX} documents")
    try:
        check_upload(file, allowed_mimes={PDF}, max_bytes=DOCUMENT_MAX_BYTES, noun="PDF")
    except ValidationError as exc:
        raise ConsultationError(exc.messages[0], "file") from None
    document = Document(consultation=consultation, title=title, size=file.size, uploaded_by=actor)
    document.file.save("document.pdf", file, save=False)
    document.save()
    return document


@transaction.atomic
def document_remove(*, actor, document: Document) -> None:
    """Only before opening: what people read when they responded stays published."""
    require(actor, document.consultation, EDIT)
    consultation = Consultation.objects.select_for_update().get(pk=document.consultation_id)
    if consultation.has_opened():
        raise ConsultationError("The consultation has opened: its documents can no longer be removed")
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))
