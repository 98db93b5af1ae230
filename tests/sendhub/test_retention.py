"""The daily purge: files no record names, and stale import previews (README "Retention")."""

import os
from datetime import timedelta

from django.utils import timezone

from pupils.models import PupilImport
from sendhub.celery import app
from sendhub.files import retention_purge
from sendhub.tasks import retention_purge as retention_task


def _file(folder, name, *, days_old):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    then = (timezone.now() - timedelta(days=days_old)).timestamp()
    os.utime(path, (then, then))
    return path


def test_orphan_files_a_day_old_are_deleted_and_named_ones_kept(personas, isolated_media):
    from hubs.models import GiasImport

    named = _file(isolated_media, "gias/named.csv", days_old=5)
    GiasImport.objects.create(uploaded_by=personas.admin, filename="named.csv", file="gias/named.csv")
    old_orphan = _file(isolated_media, "referrals/consent/old.pdf", days_old=3)
    new_orphan = _file(isolated_media, "referrals/consent/new.pdf", days_old=0)
    done = retention_purge()
    assert done["orphan files"] == 1
    assert named.exists() and new_orphan.exists() and not old_orphan.exists()


def test_import_previews_never_imported_go_after_a_week(personas, isolated_media):
    now = timezone.now()

    def batch(days, status):
        return PupilImport.objects.create(
            school=personas.school_a,
            uploaded_by=personas.senco_a,
            filename="pupils.csv",
            rows=[{"row": 2, "values": {"legal_first_name": "Test"}, "errors": [], "action": "add"}],
            status=status,
            uploaded_at=now - timedelta(days=days),
        )

    stale, fresh = batch(8, "checked"), batch(2, "checked")
    imported_long_ago, imported_lately = batch(31, "imported"), batch(8, "imported")
    retention_task.delay()
    assert not PupilImport.objects.filter(pk=stale.pk).exists()
    assert PupilImport.objects.filter(pk=fresh.pk).exists()
    imported_long_ago.refresh_from_db()
    imported_lately.refresh_from_db()
    assert imported_long_ago.rows == [] and imported_lately.rows != []


def test_the_purge_runs_every_night():
    entry = app.conf.beat_schedule["retention-purge"]
    assert entry["task"] == "sendhub.tasks.retention_purge"
