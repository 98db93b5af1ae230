"""Celery tasks of the hubs app: take ids, load the row, call one service."""

from celery import shared_task
from django.db import OperationalError

from .gias import uploads

GIAS_RETRIES = 3


@shared_task(bind=True, ignore_result=True, max_retries=GIAS_RETRIES)
def gias_import_process(self, import_id: int) -> None:
    """Import an uploaded GIAS file. Running it twice imports once (the service claims the row)."""
    try:
        uploads.gias_upload_run(import_id=import_id)
    except OperationalError as exc:
        if self.request.retries >= GIAS_RETRIES:
            uploads.gias_upload_give_up(
                import_id=import_id,
                error="The import could not run because the database was not available. Nothing was changed. "
                "Upload the file again",
            )
            return
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries) from exc
