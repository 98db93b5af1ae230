"""What the periodic tasks did, recorded by the worker, shown to administrators, checked by /healthz.

Celery's task signals (prerun, failure, postrun) write one BackgroundTask row per task named in
the beat schedule, and its latest runs. Every other task (an email, a summary PDF) is not recorded
here: the outbox and the records themselves say what happened to those.
"""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import import_module

from celery import signals
from celery.schedules import BaseSchedule, crontab, maybe_schedule
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import BackgroundTask, BackgroundTaskRun
from .models.background import Outcome

log = logging.getLogger(__name__)

# /healthz counts a task that never ran as late from when this process started watching.
WATCHING_SINCE = timezone.now()

SUMMARY_LENGTH = 300


def _app():
    from .celery import app

    return app


@dataclass
class PeriodicEntry:
    """One entry of the beat schedule, with what the worker recorded about its task."""

    key: str
    task_name: str
    schedule: BaseSchedule
    description: str
    state: BackgroundTask | None = None
    history: list[BackgroundTaskRun] = field(default_factory=list)

    @property
    def every(self) -> str:
        return describe_schedule(self.schedule)

    def interval(self, after: datetime) -> timedelta:
        return schedule_interval(self.schedule, after)


def periodic_entries() -> list[PeriodicEntry]:
    """The beat schedule, in its own order, without queries."""
    app = _app()
    entries = []
    for key, entry in app.conf.beat_schedule.items():
        doc = _docstring(entry["task"]).strip().splitlines()
        entries.append(
            PeriodicEntry(
                key=key,
                task_name=entry["task"],
                schedule=maybe_schedule(entry["schedule"], app=app),
                description=doc[0] if doc else "",
            )
        )
    return entries


def _docstring(task_name: str) -> str:
    """The task function's docstring (its module is imported if the web process has not yet)."""
    module, _, function = task_name.rpartition(".")
    try:
        return getattr(import_module(module), function).__doc__ or ""
    except (ImportError, AttributeError):
        return ""


def periodic_task_names() -> frozenset[str]:
    return frozenset(entry["task"] for entry in _app().conf.beat_schedule.values())


def with_states(entries: list[PeriodicEntry], *, history: int = 0) -> list[PeriodicEntry]:
    """Attach each entry's recorded state (one query) and its latest runs (one more query)."""
    states = {t.name: t for t in BackgroundTask.objects.filter(name__in=[e.task_name for e in entries])}
    runs: dict[int, list[BackgroundTaskRun]] = {}
    if history and states:
        for run in BackgroundTaskRun.objects.filter(task__in=states.values()).order_by("task_id", "-started_at", "-pk"):
            bucket = runs.setdefault(run.task_id, [])
            if len(bucket) < history:
                bucket.append(run)
    for entry in entries:
        entry.state = states.get(entry.task_name)
        entry.history = runs.get(entry.state.pk, []) if entry.state else []
    return entries


# --- Schedules in words and intervals ----------------------------------------------------


def describe_schedule(schedule: BaseSchedule) -> str:
    if isinstance(schedule, crontab):
        fields = (schedule._orig_minute, schedule._orig_hour)
        rest = (schedule._orig_day_of_week, schedule._orig_day_of_month, schedule._orig_month_of_year)
        if all(str(part) == "*" for part in rest) and all(str(part).isdigit() for part in fields):
            return f"Every day at {int(fields[1]):02d}:{int(fields[0]):02d}"
        if all(str(part) == "*" for part in rest) and str(fields[0]).isdigit():
            return f"At {int(fields[0]):02d} minutes past the hour, hours {schedule._orig_hour}"
        minute, hour = fields
        dow, dom, moy = rest
        return f"On the schedule '{minute} {hour} {dom} {moy} {dow}' (minute hour day month weekday)"
    seconds = int(schedule.run_every.total_seconds())
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return "Every hour" if hours == 1 else f"Every {hours} hours"
    if seconds % 60 == 0:
        minutes = seconds // 60
        return "Every minute" if minutes == 1 else f"Every {minutes} minutes"
    return f"Every {seconds} seconds"


def schedule_interval(schedule: BaseSchedule, after: datetime) -> timedelta:
    """How long between runs: the interval, or for a crontab the gap between its next two times."""
    if isinstance(schedule, crontab):
        first = after + schedule.remaining_delta(after)[1]
        second = first + schedule.remaining_delta(first)[1]
        return second - first
    return schedule.run_every


# --- /healthz -------------------------------------------------------------------------------


def beat_health(now: datetime | None = None) -> tuple[bool, str]:
    """Unhealthy when a periodic task has not run for longer than twice its interval.

    Only with a broker: with none, tasks run eagerly in the web process and there is no beat.
    """
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True, "eager (no beat: tasks run in the web process)"
    now = now or timezone.now()
    late = []
    for entry in with_states(periodic_entries()):
        since = entry.state.last_started_at if entry.state and entry.state.last_started_at else WATCHING_SINCE
        if now - since > 2 * entry.interval(since):
            late.append(entry.key)
    if late:
        return False, f"late: {', '.join(late)}"
    return True, "ok"


# --- Recording runs through Celery's signals -----------------------------------------------

# Per process: when each running task started, and the error of each that failed.
_started: dict[str, tuple[float, datetime]] = {}
_errors: dict[str, str] = {}


def summarise(value: object) -> str:
    """A short line saying what a task returned."""
    if value is None:
        text = "Done"
    elif isinstance(value, dict):
        text = ", ".join(f"{str(k).replace('_', ' ')}: {_count(v)}" for k, v in value.items()) or "Done"
    else:
        text = str(value)
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"


def _count(value: object) -> object:
    return len(value) if isinstance(value, list | tuple | set | frozenset) else value


@signals.task_prerun.connect(dispatch_uid="sendhub.background.prerun")
def _task_started(sender=None, task_id: str = "", task=None, **kwargs) -> None:
    name = getattr(task, "name", None)
    if name not in periodic_task_names():
        return
    started_at = timezone.now()
    _started[task_id] = (time.monotonic(), started_at)
    try:
        BackgroundTask.objects.update_or_create(
            name=name, defaults={"last_started_at": started_at, "last_outcome": Outcome.RUNNING}
        )
    except Exception:  # recording must never stop the task itself
        log.exception("Could not record the start of %s", name)


@signals.task_failure.connect(dispatch_uid="sendhub.background.failure")
def _task_failed(sender=None, task_id: str = "", exception: BaseException | None = None, **kwargs) -> None:
    if task_id in _started:
        _errors[task_id] = f"{type(exception).__name__}: {exception}"[:2000]


@signals.task_postrun.connect(dispatch_uid="sendhub.background.postrun")
def _task_finished(sender=None, task_id: str = "", task=None, retval=None, state: str = "", **kwargs) -> None:
    started = _started.pop(task_id, None)
    error = _errors.pop(task_id, "")
    if started is None:
        return
    monotonic_start, started_at = started
    duration = timedelta(seconds=time.monotonic() - monotonic_start)
    finished_at = timezone.now()
    succeeded = state == "SUCCESS"
    if not succeeded and not error:
        # No failure signal: an eager task whose exception propagates (the test settings) is
        # still being raised here; a retry returns its reason.
        exception = sys.exc_info()[1] or (retval if isinstance(retval, BaseException) else None)
        error = f"{type(exception).__name__}: {exception}"[:2000] if exception else (state or "Failed")
    try:
        _record(task.name, started_at, finished_at, duration, succeeded, summarise(retval) if succeeded else "", error)
    except Exception:
        log.exception("Could not record the run of %s", task.name)


def _record(
    name: str,
    started_at: datetime,
    finished_at: datetime,
    duration: timedelta,
    succeeded: bool,
    summary: str,
    error: str,
) -> None:
    outcome = Outcome.SUCCEEDED if succeeded else Outcome.FAILED
    with transaction.atomic():
        task, _ = BackgroundTask.objects.get_or_create(name=name)
        changes = {
            "last_started_at": started_at,
            "last_finished_at": finished_at,
            "last_duration": duration,
            "last_outcome": outcome,
            "last_summary": summary,
            "runs": F("runs") + 1,
        }
        if not succeeded:
            changes.update(last_failed_at=finished_at, last_error=error, failures=F("failures") + 1)
        BackgroundTask.objects.filter(pk=task.pk).update(**changes)
        BackgroundTaskRun.objects.create(
            task=task,
            started_at=started_at,
            finished_at=finished_at,
            duration=duration,
            outcome=outcome,
            summary=summary,
            error=error,
        )
        # Keep the history bounded: the latest HISTORY runs of this task.
        keep = BackgroundTaskRun.objects.filter(task=task).values_list("pk", flat=True)[: BackgroundTaskRun.HISTORY]
        BackgroundTaskRun.objects.filter(task=task).exclude(pk__in=list(keep)).delete()
