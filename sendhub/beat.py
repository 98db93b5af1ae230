"""The beat scheduler of `make run`: every periodic task once at start, then on its schedule.

`python manage.py runall` starts beat with this scheduler, so a first run sends the demo's due
reminders within seconds instead of waiting for 7am. Production beat (`make beat`) keeps Celery's
own PersistentScheduler: there a restart must not send the morning's reminders at night. The
tasks are safe to run twice (each reminder has a dedupe key), so a start-up run sends nothing twice.
"""

from datetime import timedelta

from celery.beat import PersistentScheduler


class StartupScheduler(PersistentScheduler):
    def setup_schedule(self) -> None:
        super().setup_schedule()
        # A last run long ago makes every entry due now; after it runs, its own schedule applies.
        long_ago = self.app.now() - timedelta(days=400)
        for entry in self.schedule.values():
            if not entry.name.startswith("celery."):
                entry.last_run_at = long_ago
