"""The CSV of responses: prepared in the background with progress shown, or streamed when small.

"Download all responses (CSV)" is a POST button (`manage_export_start`): it records a prepared
download (sendhub.downloads) and shows its progress page. The old URL `responses.csv` still
streams the file for a consultation with at most STREAM_LIMIT responses (a bookmark keeps
working); a larger one redirects to the consultation's page, where the button is.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from sendhub import audit
from sendhub.downloads import CHUNK_ROWS
from sendhub.downloads.services import download_request
from sendhub.exports import csv_safe

from ..exports import KIND, responses_filename, responses_header, responses_queryset, responses_rows
from ._common import consultation_or_404

# Up to this many responses the old URL streams the CSV inside the request (well under a second).
STREAM_LIMIT = 2000


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def manage_export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_or_404(request, pk)
    if responses_queryset(consultation, request.user).count() > STREAM_LIMIT:
        messages.info(request, "This consultation has too many responses to download at once: prepare the CSV below.")
        return redirect("consultations:manage_detail", pk=consultation.pk)
    audit.record(request.user, consultation, audit.AuditEvent.Action.EXPORT)
    questions = list(consultation.questions.all())
    writer = csv.writer(_Echo())
    body = responses_rows(consultation, request.user, questions, CHUNK_ROWS)
    rows = _lines(writer, responses_header(questions), body)
    response = StreamingHttpResponse(_with_bom(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{responses_filename(consultation)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def manage_export_start(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_or_404(request, pk)
    download = download_request(actor=request.user, kind=KIND, params={"consultation": consultation.pk})
    return redirect("downloads:status", pk=download.pk)


def _lines(writer, header: list[str], rows: Iterator[list[str]]) -> Iterator[str]:
    yield writer.writerow([csv_safe(cell) for cell in header])
    for row in rows:
        yield writer.writerow([csv_safe(cell) for cell in row])


def _with_bom(rows: Iterator[str]) -> Iterator[str]:
    # Excel reads UTF-8 (names with accents, curly quotes) only with a byte order mark.
    yield "\ufeff"
    yield from rows
