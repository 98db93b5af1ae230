"""Helpers for files people download."""

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import StreamingHttpResponse

# Spreadsheet programs run a cell starting with these as a formula (OWASP: CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def audited_chunks(user: Any, objects: Iterable[Any], *, size: int = 500) -> Iterator[list[Any]]:
    """`objects` in lists of `size`, each written to the audit trail as exported just before it
    is sent. A streamed file is written after its view returns, so the request's path and
    address are taken now; a download stopped halfway records only what was sent."""
    from . import audit

    context = audit.current_context()

    def chunks() -> Iterator[list[Any]]:
        chunk: list[Any] = []
        for obj in objects:
            chunk.append(obj)
            if len(chunk) == size:
                audit.record_many(user, chunk, audit.AuditEvent.Action.EXPORT, context=context)
                yield chunk
                chunk = []
        if chunk:
            audit.record_many(user, chunk, audit.AuditEvent.Action.EXPORT, context=context)
            yield chunk

    return chunks()


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_download(rows: Iterable[Iterable[Any]], *, filename: str) -> StreamingHttpResponse:
    """A CSV file streamed row by row, every cell made safe, readable by Excel as UTF-8."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"  # Excel reads UTF-8 (names with accents) only with a byte order mark
        for row in rows:
            yield writer.writerow([csv_safe(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
