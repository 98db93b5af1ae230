"""The CSV export of responses: streamed, and safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, StreamingHttpResponse
from django.views.decorators.http import require_GET

from sendhub.dates import LONDON
from sendhub.exports import csv_safe

from ..models import Consultation, Response
from ._common import consultation_or_404


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(consultation: Consultation, user) -> Iterator[list[str]]:
    questions = list(consultation.questions.all())
    yield [
        "Reference",
        "Submitted (UK time)",
        "Counted",
        "Duplicate of",
        "Spam",
        *[f"Q{n}. {q.text}" for n, q in enumerate(questions, start=1)],
        "Hidden from the published summary",
    ]
    responses = (
        Response.objects.visible_to(user)
        .filter(consultation=consultation)
        .select_related("duplicate_of")
        .prefetch_related("answers")
        .order_by("submitted_at", "pk")
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
    consultation = consultation_or_404(request, pk)
    writer = csv.writer(_Echo())
    rows = (writer.writerow([csv_safe(cell) for cell in row]) for row in _csv_rows(consultation, request.user))
    response = StreamingHttpResponse(_with_bom(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}-responses.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def _with_bom(rows: Iterator[str]) -> Iterator[str]:
    # Excel reads UTF-8 (names with accents, curly quotes) only with a byte order mark.
    yield "\ufeff"
    yield from rows
