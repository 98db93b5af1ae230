"""Public responses: accepted only while open, judged at commit time."""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from sendhub.services import email_queue

from ..formatting import deadline
from ..models import ANSWER_MAX, Answer, Consultation, Question, Response
from ..references import new_reference
from .errors import ConsultationClosed, ConsultationError


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
        {
            "consultation": consultation,
            "response": response,
            "site_url": settings.SITE_URL,
            "closes": deadline(consultation.closing_date),
        },
    )


def lock_for_response(consultation_id: int) -> Consultation:
    """The consultation, locked against change until this transaction ends, but not against responses.

    On PostgreSQL a shared row lock (FOR SHARE): responses to one consultation go in side by side,
    while a close, a date change or a question edit (each FOR UPDATE or UPDATE) waits for the
    responses under way, and a response waits for a change under way. SQLite writes one at a time.
    """
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Consultation._meta.db_table)
        found = list(Consultation.objects.raw(f"SELECT * FROM {table} WHERE id = %s FOR SHARE", [consultation_id]))
        if not found:
            raise Consultation.DoesNotExist(f"No consultation {consultation_id}")
        return found[0]
    return Consultation.objects.select_for_update().get(pk=consultation_id)


@transaction.atomic
def response_submit(
    *,
    consultation_id: int,
    answers: Mapping[int, str],
    receipt_email: str = "",
    suspected_spam: bool = False,
) -> Response:
    """Store a response if, at this moment, inside the transaction, the consultation is open.

    The consultation row is locked (shared, `lock_for_response`) so that a close or a date change
    cannot interleave; the clock is read after the lock is held, just before commit.
    """
    consultation = lock_for_response(consultation_id)
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
