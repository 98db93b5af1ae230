"""Large files prepared in the background, with progress shown, for the person who asked.

An app registers a kind of download at start-up (its `AppConfig.ready()`):

    register_kind("consultations.responses", open_responses_export)

`open_responses_export(user, params)` returns an `Export` for that person, or raises Http404
(or PermissionDenied) when they may not have it: it is called when they ask, by the worker
(as them) and again when they download, so someone who lost access gets a 404. The core never
imports the apps (ARCHITECTURE.md): it knows a kind only by its name.

`download_request` records a `PreparedDownload` and queues the task after commit; the task
writes the CSV to a temporary file chunk by chunk (`.iterator(chunk_size=...)`, constant
memory), updating `rows_done` after each chunk; the sweep (every minute) queues again what
the broker never got and takes back a job whose worker died. Files go after `RETENTION` by
the nightly retention purge. Pages: `sendhub/downloads/views.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

# A prepared file is kept this long (README "Retention"), then the nightly purge deletes it.
RETENTION = timedelta(hours=24)
# Progress is written after every chunk of this many rows.
CHUNK_ROWS = 500


@dataclass
class Export:
    """What one person may download: its name, its size and its rows (cells made safe by the core)."""

    title: str  # "Responses to Hub places 2027"
    filename: str  # "hub-places-2027-responses.csv"
    noun: str  # "responses": "2,000 of 20,000 responses written"
    back_url: str  # where the status page's back link goes
    header: list[str]
    count: Callable[[], int]
    rows: Callable[[int], Iterator[list[Any]]]  # rows(chunk_size)
    # The record the export is of, written to the audit trail as exported at each download.
    audit_object: Any = None


Opener = Callable[[Any, dict[str, Any]], Export]

_KINDS: dict[str, Opener] = {}


def register_kind(kind: str, opener: Opener) -> None:
    """An app's kind of download: `opener(user, params)` returns an Export or raises Http404."""
    _KINDS[kind] = opener


def open_export(kind: str, user: Any, params: dict[str, Any]) -> Export:
    from django.http import Http404

    try:
        opener = _KINDS[kind]
    except KeyError:
        raise Http404 from None
    return opener(user, params)
