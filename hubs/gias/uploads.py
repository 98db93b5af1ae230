"""GIAS files uploaded through the portal: stored under MEDIA_ROOT, imported by a Celery
worker (a full extract takes longer than a web request should), then deleted."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable

from hubs.gias.extract import GiasImportSummary
from hubs.gias.importer import gias_import, gias_import_scope
from hubs.gias.models import GiasImport
from sendhub.errors import DomainError
from sendhub.models import User

log = logging.getLogger(__name__)

# Far longer than the national extract takes (under a minute).
STALE_CLAIM = timedelta(hours=1)
UNEXPECTED = (
    "The import stopped because of an unexpected error, and nothing was changed. "
    "Try again, or tell your administrator if it happens again"
)


def gias_upload_queue(*, actor: User, upload: UploadedFile) -> GiasImport:
    """Keep the file and queue its import; the worker is asked only after commit."""
    scope = gias_import_scope(actor)
    with transaction.atomic():
        record = GiasImport(uploaded_by=actor, filename=(upload.name or "upload.csv").rsplit("/", 1)[-1][:200])
        # The stored name is ours, not the uploader's.
        record.file.save(f"{uuid.uuid4().hex}.csv", upload, save=False)
        record.save()
        if scope is not None:
            record.local_authorities.set(scope)
        transaction.on_commit(lambda: _start(record.pk))
    return record


def _start(import_id: int) -> None:
    from hubs.tasks import gias_import_process

    try:
        gias_import_process.delay(import_id)
    except BrokerUnavailable:
        log.warning("Could not queue GIAS import %s", import_id, exc_info=True)
        gias_upload_give_up(
            import_id=import_id,
            error="The import could not be started because the task queue is not available. "
            "Nothing was changed. Upload the file again in a few minutes",
        )


def gias_upload_run(*, import_id: int) -> bool:
    """Import a queued upload once. Safe to run twice: the claim is a conditional UPDATE.

    A database outage puts the upload back in the queue (and raises) for the task to retry.
    A claim older than STALE_CLAIM belonged to a worker that died: its transaction rolled
    back and the file is still there, so the redelivered task may take it over.
    """
    now = timezone.now()
    Status = GiasImport.Status
    claimable = Q(status=Status.QUEUED) | Q(status=Status.RUNNING, started_at__lt=now - STALE_CLAIM)
    claimed = GiasImport.objects.filter(claimable, pk=import_id).update(status=Status.RUNNING, started_at=now)
    if not claimed:
        return False
    record = GiasImport.objects.select_related("uploaded_by").get(pk=import_id)
    try:
        raw = _read(record)
        with transaction.atomic():
            summary = gias_import(actor=record.uploaded_by, raw=raw)
            _finish(record, GiasImport.Status.DONE, summary=summary)
    except OperationalError:
        GiasImport.objects.filter(pk=import_id, status=GiasImport.Status.RUNNING).update(
            status=GiasImport.Status.QUEUED, started_at=None
        )
        raise
    except DomainError as error:
        _finish(record, GiasImport.Status.FAILED, error=error.message)
    except PermissionDenied:
        _finish(
            record,
            GiasImport.Status.FAILED,
            error="The person who uploaded the file is no longer an administrator or local authority officer, "
            "so nothing was imported",
        )
    except Exception:  # recorded where people can see it; the log has the detail
        log.exception("GIAS import %s failed", import_id)
        _finish(record, GiasImport.Status.FAILED, error=UNEXPECTED)
    _delete_file(record)
    return True


def gias_upload_give_up(*, import_id: int, error: str) -> None:
    """Record that a queued upload will not be imported (the queue or database stayed down)."""
    record = GiasImport.objects.filter(pk=import_id, status=GiasImport.Status.QUEUED).first()
    if record is None:
        return
    _finish(record, GiasImport.Status.FAILED, error=error)
    _delete_file(record)


def _read(record: GiasImport) -> bytes:
    if not record.file:
        raise DomainError("The uploaded file is no longer there. Upload it again")
    try:
        with record.file.open("rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise DomainError("The uploaded file is no longer there. Upload it again") from None


def _finish(record: GiasImport, status: str, *, summary: GiasImportSummary | None = None, error: str = "") -> None:
    record.status = status
    record.finished_at = timezone.now()
    record.error = error
    if summary is not None:
        for name in (
            "rows",
            "created",
            "updated",
            "unchanged",
            "closed_not_added",
            "authorities_created",
            "trusts_created",
            "trusts_updated",
        ):
            setattr(record, name, getattr(summary, name))
        record.skipped = len(summary.skipped)
        record.skipped_rows = summary.skipped_as_json()
    record.save()


def _delete_file(record: GiasImport) -> None:
    name = record.file.name
    if not name:
        return
    try:
        record.file.storage.delete(name)
    except OSError:
        log.warning("Could not delete the uploaded GIAS file %s", name, exc_info=True)
    GiasImport.objects.filter(pk=record.pk).update(file="")
