"""The Celery app. Its beat schedule lives here, in code, in Europe/London time."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendhub.settings")

app = Celery("sendhub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Sends email that could not be handed to the broker, and retries failures with backoff.
    "outbox-sweep": {"task": "sendhub.tasks.outbox_sweep", "schedule": 60.0},
    # Prepared downloads (sendhub/downloads): those the broker never got, and those whose worker died.
    "downloads-sweep": {"task": "sendhub.tasks.downloads_sweep", "schedule": 60.0},
    # EHC deadlines coming up: each reminder goes once (pupils/services/ehc_reminders.py).
    "ehc-reminders": {"task": "pupils.tasks.ehc_reminders", "schedule": crontab(hour=7, minute=0)},
    # SEN support reviews due within a week (or passed): each SENCo told once per review date.
    "sen-support-reminders": {"task": "pupils.tasks.sen_support_reminders", "schedule": crontab(hour=7, minute=5)},
    # Hub places past their planned end date: the LA officer is reminded once per place (issue 13).
    "placement-end-reminders": {"task": "pupils.tasks.placement_end_reminders", "schedule": crontab(hour=7, minute=10)},
    # Consultations: open and close on time, then make the summary PDF of each that closed.
    "consultations-sweep": {"task": "consultations.tasks.sweep", "schedule": 60.0},
    # Retention (issue 14): orphan uploads and stale import previews, each night.
    "retention-purge": {"task": "sendhub.tasks.retention_purge", "schedule": crontab(hour=2, minute=30)},
    # Consultations: remind owners a week and a day before the close (each reminder once).
    "consultations-reminders": {
        "task": "consultations.tasks.send_reminders",
        "schedule": crontab(minute=0, hour="8-18"),
    },
    # --- Reminders and notices (sendhub/notices) ---
    # Hub meetings a week away: each invitee told once.
    "meeting-reminders": {"task": "referrals.tasks.meeting_reminders", "schedule": crontab(hour=6, minute=55)},
    # The 7am digest of each person's notices, after the 7:00 and 7:05 sweeps; once a day (unique key).
    "notices-digest": {"task": "sendhub.tasks.notices_digest", "schedule": crontab(hour=7, minute=10)},
    # Dashboards: on each school census day, an aggregate snapshot (counts only) of every school.
    "dashboards-census-snapshot": {"task": "dashboards.tasks.census_snapshot", "schedule": crontab(hour=6, minute=30)},
}
