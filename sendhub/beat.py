"""The beat scheduler of `make run`: every periodic task once at start, then on its schedule.

`python manage.py runall` starts beat with this scheduler, so a first run sends the demo's due
reminders within seconds instead of waiting for 7am. Production beat (`make beat`) keeps Celery's
own PersistentScheduler: there a restart must not send the morning's reminders at night. The
tasks are safe to run twice (each reminder has a dedupe key), so a start-up run sends nothing twice.

The daily digest runs last: the reminder sweeps write the notices it sends, and it sends once a
day, so a digest sent before them would keep the demo's reminders out of the console until
tomorrow. At start it is held back a few seconds after the sweeps are sent; the worker takes tasks
in the order they arrive, one at a time, so it runs after the sweeps have written their notices.
"""

import heapq
import time
from datetime import timedelta

from celery.beat import PersistentScheduler, event_t

# Beat entries that send what other entries write: run after them at start (and on a tie later).
RUN_LAST = frozenset({"notices-digest"})


class StartupScheduler(PersistentScheduler):
    hold_seconds = 5.0  # how long the digest waits at start after the sweeps are sent

    def setup_schedule(self) -> None:
        super().setup_schedule()
        # A last run long ago makes every entry due now; after it runs, its own schedule applies.
        long_ago = self.app.now() - timedelta(days=400)
        for entry in self.schedule.values():
            if not entry.name.startswith("celery."):
                entry.last_run_at = long_ago
        self._hold_until = time.monotonic() + self.hold_seconds

    def populate_heap(self, event_t=event_t, heapify=heapq.heapify) -> None:
        super().populate_heap(event_t, heapify)
        hold = max(0.0, getattr(self, "_hold_until", 0.0) - time.monotonic())
        heap = []
        for when, priority, entry in self._heap:
            if entry.name in RUN_LAST:
                when, priority = when + hold, priority + 4  # after the other entries due at the same time
            heap.append(event_t(when, priority, entry))
        heapify(heap)
        self._heap = heap
