"""Retention of CSV import previews (registered with sendhub.files; run daily by Celery beat).

A preview holds every row of the uploaded file, pupils' details included. One that was
never imported is deleted after PREVIEW_DAYS; one that was imported keeps its counts, and
its rows are emptied after IMPORTED_DAYS (the pupils' records hold the data now).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pupils.models import PupilImport
from sendhub.files import register_purge

PREVIEW_DAYS = 7
IMPORTED_DAYS = 30


def purge_import_previews(now: datetime) -> int:
    stale, _ = PupilImport.objects.filter(
        status=PupilImport.Status.CHECKED, uploaded_at__lt=now - timedelta(days=PREVIEW_DAYS)
    ).delete()
    emptied = (
        PupilImport.objects.filter(
            status=PupilImport.Status.IMPORTED, uploaded_at__lt=now - timedelta(days=IMPORTED_DAYS)
        )
        .exclude(rows=[])
        .update(rows=[])
    )
    return stale + emptied


register_purge("pupil import previews", purge_import_previews)
