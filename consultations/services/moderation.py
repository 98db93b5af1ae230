"""Moderation: hide written answers, mark duplicates and spam. Nothing is deleted."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from sendhub.access import EDIT, require

from ..models import Answer, Consultation, Response
from ..references import normalise_reference
from .errors import ConsultationError

log = logging.getLogger(__name__)


def summary_changed(consultation: Consultation) -> None:
    """What the summary shows changed: the sweep (or the task, straight after commit) regenerates it.

    The version goes up in the same transaction, so the public page's cached counts
    (selectors.published_summary) are never read again once this commits.
    """
    if not consultation.has_closed():
        Consultation.objects.filter(pk=consultation.pk).update(summary_version=F("summary_version") + 1)
        return
    Consultation.objects.filter(pk=consultation.pk).update(
        summary_version=F("summary_version") + 1,
        summary_stale=True,
        summary_requested_at=Coalesce(F("summary_requested_at"), Value(timezone.now())),
    )
    transaction.on_commit(lambda: _enqueue_summary(consultation.pk))


def _enqueue_summary(consultation_id: int) -> None:
    from ..tasks import generate_summary

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
    summary_changed(response.consultation)
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
    summary_changed(answer.response.consultation)
    return answer
