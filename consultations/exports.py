"""The responses CSV: its columns and rows, and the kind of prepared download it registers.

The staff page asks for it with a button (a background job, `sendhub.downloads`); the old URL
`manage/<pk>/responses.csv` still streams it for a consultation small enough to stream at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from sendhub.access import get_visible_or_404
from sendhub.dates import LONDON
from sendhub.downloads import Export, register_kind

from .models import Consultation, Question, Response

KIND = "consultations.responses"


def responses_header(questions: list[Question]) -> list[str]:
    return [
        "Reference",
        "Submitted (UK time)",
        "Counted",
        "Duplicate of",
        "Spam",
        *[f"Q{n}. {q.text}" for n, q in enumerate(questions, start=1)],
        "Hidden from the published summary",
    ]


def responses_queryset(consultation: Consultation, user):
    return Response.objects.visible_to(user).filter(consultation=consultation)


def responses_rows(consultation: Consultation, user, questions: list[Question], chunk_size: int) -> Iterator[list[str]]:
    """One row per response, oldest first; a chunk of responses (and their answers) in memory at a time."""
    responses = (
        responses_queryset(consultation, user)
        .select_related("duplicate_of")
        .prefetch_related("answers")
        .order_by("submitted_at", "pk")
    )
    number = {q.pk: n for n, q in enumerate(questions, start=1)}
    for response in responses.iterator(chunk_size=chunk_size):
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


def responses_filename(consultation: Consultation) -> str:
    return f"{consultation.slug}-responses.csv"


def open_responses_export(user, params: dict[str, Any]) -> Export:
    """The responses of a consultation the person may see (a 404 otherwise), as they see them now."""
    consultation = get_visible_or_404(Consultation.objects.select_related("hub"), user, pk=params.get("consultation"))
    questions = list(consultation.questions.all())
    return Export(
        title=f"Responses to {consultation.title}",
        filename=responses_filename(consultation),
        noun="responses",
        back_url=reverse("consultations:manage_detail", args=[consultation.pk]),
        header=responses_header(questions),
        count=lambda: responses_queryset(consultation, user).count(),
        rows=lambda chunk_size: responses_rows(consultation, user, questions, chunk_size),
        audit_object=consultation,
    )


def register() -> None:
    register_kind(KIND, open_responses_export)
