"""Writes of the consultations app. Every change to a consultation or a response is here.

building    details, publishing, questions and documents
responding  public responses, accepted only while open, judged at commit time
moderation  hiding written answers, duplicates and spam; nothing is deleted
closing     the outcome, the summary PDF, the beat sweep and the reminders
"""

from .building import (
    DOCUMENT_MAX_BYTES,
    consultation_create,
    consultation_publish,
    consultation_unpublish,
    consultation_update,
    document_add,
    document_remove,
    question_create,
    question_delete,
    question_update,
)
from .closing import (
    SweepResult,
    consultation_outcome_publish,
    consultation_reminders_send,
    consultation_summary_generate,
    consultation_summary_request,
    consultations_sweep,
)
from .errors import ConsultationClosed, ConsultationError
from .moderation import ResponseStatus, answer_moderate, response_set_status
from .responding import response_submit

__all__ = [
    "DOCUMENT_MAX_BYTES",
    "ConsultationClosed",
    "ConsultationError",
    "ResponseStatus",
    "SweepResult",
    "answer_moderate",
    "consultation_create",
    "consultation_outcome_publish",
    "consultation_publish",
    "consultation_reminders_send",
    "consultation_summary_generate",
    "consultation_summary_request",
    "consultation_unpublish",
    "consultation_update",
    "consultations_sweep",
    "document_add",
    "document_remove",
    "question_create",
    "question_delete",
    "question_update",
    "response_set_status",
    "response_submit",
]
