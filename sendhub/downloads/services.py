"""Prepared downloads: ask, prepare (the worker), sweep, purge."""

from __future__ import annotations

import csv
import logging
import tempfile
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone

from ..exports import csv_safe
from ..files import register_purge
from ..models import PreparedDownload
from . import CHUNK_ROWS, RETENTION, open_export

log = logging.getLogger(__name__)

Status = PreparedDownload.Status

# A queued job the broker never delivered is queued again after this long.
QUEUED_GRACE = timedelta(minutes=2)
# A running job whose heartbeat stopped this long ago lost its worker.
STALE_HEARTBEAT = timedelta(minutes=10)
MAX_ATTEMPTS = 3


@transaction.atomic
def download_request(*, actor, kind: str, params: dict[str, Any]) -> PreparedDownload:
    """A download only of what the actor may have now; prepared by the worker after commit."""
    export = open_export(kind, actor, params)  # Http404 / PermissionDenied for what they may not have
    now = timezone.now()
    download = PreparedDownload.objects.create(
        requested_by=actor,
        kind=kind,
        params=params,
        title=export.title[:300],
        filename=export.filename[:200],
        noun=export.noun[:40],
        back_url=export.back_url[:300],
        expires_at=now + RETENTION,
    )
    transaction.on_commit(lambda: _enqueue(download.pk))
    return download


def _enqueue(download_id: int) -> None:
    from ..tasks import prepare_download

    try:
        prepare_download.delay(download_id)
    except Exception:  # broker down: the job stays queued and the sweep queues it again
        log.warning("Could not queue prepared download %s; the sweep will", download_id)


class _Echo:
    def write(self, value: str) -> str:
        return value


def download_prepare(*, download_id: int) -> bool:
    """Write the file in chunks, as the person who asked. Safe to run twice: the claim is a conditional UPDATE."""
    now = timezone.now()
    claimed = PreparedDownload.objects.filter(pk=download_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1, rows_done=0
    )
    if not claimed:
        return False
    download = PreparedDownload.objects.select_related("requested_by").get(pk=download_id)
    try:
        _write(download)
    except (Http404, PermissionDenied):
        _fail(download_id, "You can no longer see what this file was to hold.")
        return False
    except Exception as exc:
        final = download.attempts >= MAX_ATTEMPTS
        log.exception("Prepared download %s failed (attempt %s)", download_id, download.attempts)
        if final:
            _fail(download_id, "Something went wrong while preparing the file. Try again.")
        else:
            PreparedDownload.objects.filter(pk=download_id, status=Status.RUNNING).update(
                status=Status.QUEUED, error=f"{type(exc).__name__}"[:300]
            )
        return False
    return True


def _fail(download_id: int, error: str) -> None:
    PreparedDownload.objects.filter(pk=download_id).update(
        status=Status.FAILED, error=error, finished_at=timezone.now()
    )


def _write(download: PreparedDownload) -> None:
    user = download.requested_by
    if not user.is_active:
        raise PermissionDenied
    export = open_export(download.kind, user, download.params)
    total = export.count()
    PreparedDownload.objects.filter(pk=download.pk).update(rows_total=total)
    writer = csv.writer(_Echo())
    done = 0
    # Rows go to a temporary file on disk, then to storage in chunks: memory stays constant.
    with tempfile.TemporaryFile(mode="w+b") as handle:
        # Excel reads UTF-8 (names with accents, curly quotes) only with a byte order mark.
        handle.write("\ufeff".encode())
        handle.write(writer.writerow([csv_safe(cell) for cell in export.header]).encode())
        for row in export.rows(CHUNK_ROWS):
            handle.write(writer.writerow([csv_safe(cell) for cell in row]).encode())
            done += 1
            if done % CHUNK_ROWS == 0:
                PreparedDownload.objects.filter(pk=download.pk).update(rows_done=done, heartbeat_at=timezone.now())
        handle.seek(0)
        with transaction.atomic():
            locked = PreparedDownload.objects.select_for_update().get(pk=download.pk)
            if locked.status != Status.RUNNING:
                return  # taken back by the sweep meanwhile: the other run writes the file
            locked.file.save(f"{download.pk}-{download.filename}", File(handle), save=False)
            PreparedDownload.objects.filter(pk=download.pk).update(
                file=locked.file.name,
                status=Status.DONE,
                rows_done=done,
                rows_total=done,
                finished_at=timezone.now(),
                error="",
            )


def downloads_due_ids(*, now: datetime | None = None, limit: int = 100) -> list[int]:
    """Jobs the broker never got (queued a while), and running jobs whose worker died (queued again)."""
    now = now or timezone.now()
    PreparedDownload.objects.filter(
        status=Status.RUNNING, heartbeat_at__lt=now - STALE_HEARTBEAT, attempts__gte=MAX_ATTEMPTS
    ).update(status=Status.FAILED, error="Something went wrong while preparing the file. Try again.", finished_at=now)
    PreparedDownload.objects.filter(status=Status.RUNNING, heartbeat_at__lt=now - STALE_HEARTBEAT).update(
        status=Status.QUEUED
    )
    due = PreparedDownload.objects.filter(status=Status.QUEUED, expires_at__gt=now).filter(
        Q(created_at__lt=now - QUEUED_GRACE) | Q(attempts__gt=0)
    )
    return list(due.order_by("created_at").values_list("pk", flat=True)[:limit])


def purge_expired_downloads(now: datetime) -> int:
    """Delete prepared downloads past their expiry, and their files (after commit)."""
    removed = 0
    for download in PreparedDownload.objects.filter(expires_at__lt=now).iterator(chunk_size=200):
        download.delete()  # sendhub.files deletes the file once this is committed
        removed += 1
    return removed


register_purge("prepared downloads", purge_expired_downloads)
