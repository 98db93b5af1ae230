"""Writes of the consultations app. Every change to a consultation or a response is here."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from hubs.models import Hub
from sendhub.access import EDIT, require
from sendhub.dates import LONDON, end_of_day, start_of_day
from sendhub.services import email_queue
from sendhub.uploads import MB, PDF, check_upload

from . import selectors
from .formatting import deadline, long_date
from .models import (
    ANSWER_MAX,
    DOCUMENTS_MAX,
    QUESTIONS_MAX,
    Answer,
    Consultation,
    Document,
    Question,
    Response,
)
from .references import new_reference, normalise_reference

log = logging.getLogger(__name__)

DOCUMENT_MAX_BYTES = 10 * MB
RESERVED_SLUGS = {"manage"}
State = Consultation.State


class ConsultationError(Exception):
    """A rule stopped the change; the message says what to do, `field` where (None: the whole form)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ConsultationClosed(ConsultationError):
    pass


# --- Building a consultation -----------------------------------------------------------


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
    *, actor, hub: Hub, title: str, summary: str, body: str, contact_name: str, contact_email: str,
    contact_phone: str = "", opening_date: date, closing_date: date, slug: str | None = None,
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
    allowed = {"title", "summary", "body", "contact_name", "contact_email", "contact_phone", "opening_date", "closing_date"}
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"Cannot change {sorted(unknown)}")
    if "opening_date" in values and values["opening_date"] != consultation.opening_date and consultation.has_opened(now):
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


# --- Questions and documents -------------------------------------------------------------


def _require_questions_editable(consultation: Consultation) -> None:
    if consultation.has_opened():
        raise ConsultationError("The consultation has opened: its questions can no longer change")


@transaction.atomic
def question_create(
    *, actor, consultation: Consultation, kind: str, text: str, hint: str = "", choices: list[str] | None = None,
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
        consultation=consultation, kind=kind, text=text, hint=hint,
        choices=list(choices or []) if kind == Question.Kind.SINGLE_CHOICE else [],
        required=required, position=last + 1,
    )


@transaction.atomic
def question_update(
    *, actor, question: Question, kind: str, text: str, hint: str = "", choices: list[str] | None = None,
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
    from django.core.exceptions import ValidationError

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


# --- Responses ---------------------------------------------------------------------------


def _clean_answers(consultation: Consultation, answers: Mapping[int, str]) -> dict[Question, str]:
    """The service's own check of what the form checked: the right questions, options and sizes."""
    questions = {q.pk: q for q in consultation.questions.all()}
    unknown = set(answers) - set(questions)
    if unknown:
        raise ConsultationError("The form was out of date: reload the page and try again")
    cleaned: dict[Question, str] = {}
    for pk, question in questions.items():
        value = (answers.get(pk) or "").strip()
        if not value:
            if question.required:
                raise ConsultationError(f"Answer the question: {question.text}", f"q_{pk}")
            continue
        if len(value) > ANSWER_MAX:
            raise ConsultationError(f"Your answer must be {ANSWER_MAX:,} characters or fewer", f"q_{pk}")
        if question.options and value not in question.options:
            raise ConsultationError(f"Select one of the options for: {question.text}", f"q_{pk}")
        cleaned[question] = value
    return cleaned


def _receipt_body(consultation: Consultation, response: Response) -> str:
    return render_to_string(
        "consultations/email/receipt.txt",
        {"consultation": consultation, "response": response, "site_url": settings.SITE_URL,
         "closes": deadline(consultation.closing_date)},
    )


@transaction.atomic
def response_submit(
    *, consultation_id: int, answers: Mapping[int, str], receipt_email: str = "", suspected_spam: bool = False,
) -> Response:
    """Store a response if, at this moment, inside the transaction, the consultation is open.

    The consultation row is locked so that a close, a date change or a second response
    cannot interleave; the clock is read after the lock is held, just before commit.
    """
    consultation = Consultation.objects.select_for_update().get(pk=consultation_id)
    cleaned = _clean_answers(consultation, answers)
    now = timezone.now()
    if not consultation.accepts_responses_at(now):
        if consultation.has_closed(now):
            raise ConsultationClosed(
                f"This consultation closed at {deadline(consultation.closing_date)}. Your response was not sent"
            )
        raise ConsultationError("This consultation is not open for responses")
    for _attempt in range(5):
        try:
            with transaction.atomic():
                response = Response.objects.create(
                    consultation=consultation,
                    reference=new_reference(),
                    submitted_at=now,
                    receipt_requested=bool(receipt_email) and not suspected_spam,
                    suspected_spam=suspected_spam,
                )
            break
        except IntegrityError:  # a reference already taken: draw again
            continue
    else:  # pragma: no cover - 5 collisions in a space of 5 × 10^11
        raise RuntimeError("Could not draw a unique reference")
    Answer.objects.bulk_create(Answer(response=response, question=q, value=v) for q, v in cleaned.items())
    if receipt_email and not suspected_spam:
        # A filled honeypot gets no email: the form must not relay mail for bots.
        email_queue(
            to=[receipt_email],
            subject=f"Your response to {consultation.title}: {response.reference}",
            body=_receipt_body(consultation, response),
            dedupe_key=f"consultation-receipt:{response.reference}",
        )
    return response


# --- Moderation --------------------------------------------------------------------------


def _summary_changed(consultation: Consultation) -> None:
    """What the summary shows changed: the sweep (or the task, straight after commit) regenerates it."""
    if not consultation.has_closed():
        return
    Consultation.objects.filter(pk=consultation.pk).update(summary_stale=True)
    transaction.on_commit(lambda: _enqueue_summary(consultation.pk))


def _enqueue_summary(consultation_id: int) -> None:
    from .tasks import generate_summary

    try:
        generate_summary.delay(consultation_id)
    except Exception:  # broker down: summary_stale stays set and the sweep regenerates it
        log.warning("Could not queue the summary of consultation %s; the sweep will make it", consultation_id)


class ResponseStatus:
    COUNTED = "counted"
    DUPLICATE = "duplicate"
    SPAM = "spam"


@transaction.atomic
def response_set_status(*, actor, response: Response, status: str, duplicate_of_reference: str = "") -> Response:
    """Counted, a duplicate of another response to the same consultation, or spam. Never deleted."""
    require(actor, response, EDIT)
    response = Response.objects.select_for_update().get(pk=response.pk)
    if status == ResponseStatus.DUPLICATE:
        reference = normalise_reference(duplicate_of_reference)
        if not reference:
            raise ConsultationError("Enter the reference of the other response, like CN-7K3P-Q9XD", "duplicate_of")
        if reference == response.reference:
            raise ConsultationError("Enter the reference of another response, not this one", "duplicate_of")
        original = Response.objects.filter(consultation_id=response.consultation_id, reference=reference).first()
        if original is None:
            raise ConsultationError("There is no response with that reference in this consultation", "duplicate_of")
        if original.duplicate_of_id is not None:
            raise ConsultationError(
                f"That response is itself a duplicate of {original.duplicate_of.reference}: enter that reference",
                "duplicate_of",
            )
        if response.duplicates.exists():
            raise ConsultationError("Other responses are marked as duplicates of this one: change them first")
        response.duplicate_of, response.suspected_spam = original, False
    elif status == ResponseStatus.SPAM:
        response.duplicate_of, response.suspected_spam = None, True
    elif status == ResponseStatus.COUNTED:
        response.duplicate_of, response.suspected_spam = None, False
    else:
        raise ConsultationError("Select what to do with this response", "status")
    response._history_user = actor
    response.save(update_fields=["duplicate_of", "suspected_spam"])
    _summary_changed(response.consultation)
    return response


@transaction.atomic
def answer_moderate(*, actor, answer: Answer, hidden: bool, reason: str = "") -> Answer:
    """Hide a free-text answer from the published summary (with a reason), or show it again."""
    require(actor, answer, EDIT)
    answer = Answer.objects.select_for_update().select_related("question", "response__consultation").get(pk=answer.pk)
    if not answer.question.is_free_text:
        raise ConsultationError("Only written answers can be hidden: choices are counted, not quoted")
    if hidden and not reason.strip():
        raise ConsultationError("Enter why you are hiding this answer", "reason")
    answer.hidden = hidden
    answer.hidden_reason = reason.strip() if hidden else ""
    answer.hidden_by = actor if hidden else None
    answer.hidden_at = timezone.now() if hidden else None
    answer.save(update_fields=["hidden", "hidden_reason", "hidden_by", "hidden_at"])
    _summary_changed(answer.response.consultation)
    return answer


# --- After the close ---------------------------------------------------------------------


@transaction.atomic
def consultation_outcome_publish(*, actor, consultation: Consultation, outcome: str) -> Consultation:
    """"You said, we did": published on the public page once the consultation has closed."""
    require(actor, consultation, EDIT)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    now = timezone.now()
    if not consultation.has_closed(now):
        raise ConsultationError("You can publish the outcome once the consultation has closed")
    if not outcome.strip():
        raise ConsultationError("Enter what you did in response to what people said", "outcome")
    consultation.outcome = outcome.strip()
    if consultation.state != State.OUTCOME_PUBLISHED:
        consultation.state = State.OUTCOME_PUBLISHED
        consultation.outcome_published_at = now
        consultation.closed_at = consultation.closed_at or now
    consultation.save(update_fields=["outcome", "state", "outcome_published_at", "closed_at"])
    _summary_changed(consultation)
    return consultation


def consultation_summary_generate(*, consultation_id: int) -> bool:
    """Render the summary report (counts per question, every free-text answer not hidden) as a PDF.

    Safe to run twice: the second run writes the same report again.
    Returns False when the consultation has not closed.
    """
    from weasyprint import HTML

    consultation = Consultation.objects.select_related("hub").get(pk=consultation_id)
    now = timezone.now()
    if not consultation.has_closed(now):
        return False
    # Clear the flag first: a change made while this runs sets it again and is caught next time.
    Consultation.objects.filter(pk=consultation_id).update(summary_stale=False)
    summary = selectors.response_summary(consultation)
    html = render_to_string(
        "consultations/summary_pdf.html",
        {"consultation": consultation, "summary": summary, "generated_at": now,
         "closes": deadline(consultation.closing_date), "opens": long_date(consultation.opening_date)},
    )
    pdf = HTML(string=html).write_pdf()
    stamp = now.astimezone(LONDON).strftime("%Y%m%d-%H%M%S")
    name = f"{consultation.slug}-summary-{stamp}.pdf"
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation_id)
        old = locked.summary_pdf.name
        locked.summary_pdf.save(name, ContentFile(pdf), save=False)
        locked.summary_generated_at = now
        Consultation.objects.filter(pk=consultation_id).update(
            summary_pdf=locked.summary_pdf.name, summary_generated_at=now
        )
        if old and old != locked.summary_pdf.name:
            storage = locked.summary_pdf.storage
            transaction.on_commit(lambda: storage.delete(old))
    return True


@dataclass
class SweepResult:
    opened: int = 0
    closed: list[int] = field(default_factory=list)
    summaries: list[int] = field(default_factory=list)


def consultations_sweep(*, now: datetime | None = None) -> SweepResult:
    """Move states on time, and make the summary of each closed consultation that lacks a current one.

    Safe to run twice (and concurrently): each move is a conditional UPDATE that only one run wins.
    """
    now = now or timezone.now()
    result = SweepResult()
    result.opened = Consultation.objects.filter(
        state=State.SCHEDULED, opens_at__lte=now, closes_at__gte=now
    ).update(state=State.OPEN)
    due = Consultation.objects.filter(state__in=[State.SCHEDULED, State.OPEN], closes_at__lt=now)
    for pk in list(due.values_list("pk", flat=True)):
        claimed = Consultation.objects.filter(pk=pk, state__in=[State.SCHEDULED, State.OPEN]).update(
            state=State.CLOSED, closed_at=now
        )
        if claimed:
            result.closed.append(pk)
    needing = Consultation.objects.filter(
        state__in=[State.CLOSED, State.OUTCOME_PUBLISHED], closes_at__lt=now
    ).filter(Q(summary_pdf="") | Q(summary_stale=True))
    for pk in list(needing.values_list("pk", flat=True)):
        try:
            if consultation_summary_generate(consultation_id=pk):
                result.summaries.append(pk)
        except Exception:  # one bad report must not stop the others; the next sweep tries again
            log.exception("Could not generate the summary of consultation %s", pk)
    return result


REMINDERS = (("day", 1), ("week", 7))


def consultation_reminders_send(*, now: datetime | None = None) -> int:
    """Remind each open consultation's owners a week and a day before it closes; each reminder once.

    The dedupe key names the closing date, so a consultation whose close moves is reminded again.
    """
    now = now or timezone.now()
    today = now.astimezone(LONDON).date()
    sent = 0
    open_now = Consultation.objects.published().filter(opens_at__lte=now, closes_at__gte=now).select_related("created_by")
    for consultation in open_now:
        days_left = (consultation.closing_date - today).days
        for name, days in REMINDERS:
            if days_left > days:
                continue
            recipients = [consultation.contact_email]
            if consultation.created_by and consultation.created_by.is_active:
                recipients.append(consultation.created_by.email)
            body = render_to_string(
                "consultations/email/reminder.txt",
                {"consultation": consultation, "closes": deadline(consultation.closing_date), "days_left": days_left,
                 "site_url": settings.SITE_URL},
            )
            with transaction.atomic():
                email = email_queue(
                    to=recipients,
                    subject=f"{consultation.title} closes {'tomorrow' if days_left == 1 else 'today' if days_left == 0 else f'in {days_left} days'}",
                    body=body,
                    dedupe_key=f"consultation-reminder:{consultation.pk}:{consultation.closing_date.isoformat()}:{name}",
                )
            sent += email is not None
            break  # the nearer reminder only: a day before, no week reminder as well
    return sent
