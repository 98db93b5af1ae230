"""`make run`'s background work, for real: `manage.py runall` starts the web server, a Celery worker
and beat on the embedded broker (files, no server); beat's tasks run in the worker; Ctrl-C stops all.

Runs in the PostgreSQL pass (marker celery_worker): the worker and the web server are other
processes and must see the test database, which SQLite's in-memory test database cannot offer.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation
from hubs.models import Hub
from sendhub.models import BackgroundTask, BackgroundTaskRun
from tests.consultations.builders import make_consultation

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _wait_for(what: str, check, runall: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        assert runall.poll() is None, f"runall stopped early:\n{log.read_text()}"
        time.sleep(0.5)
    raise AssertionError(f"{what} did not happen in {seconds} seconds:\n{log.read_text()[-5000:]}")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_runall_runs_beat_tasks_in_the_worker_on_the_embedded_broker_and_ctrl_c_stops_everything(personas, tmp_path):
    hub = Hub.objects.create(kind=Hub.Kind.MAINSTREAM, host_school=personas.school_a, name="School A SEND Hub")
    # Closes today, half a minute after the start: due for its "closes today" reminder at once,
    # still open at the first sweep, closed by a later one (the sweep runs every minute).
    consultation = make_consultation(hub, closing=timezone.localdate())
    Consultation.objects.filter(pk=consultation.pk).update(closes_at=timezone.now() + timedelta(seconds=30))
    port = _free_port()
    log = tmp_path / "runall.log"
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"EMAIL_URL", "CELERY_BROKER_URL", "DJANGO_ENV"}},
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": "filesystem://",
        "CELERY_BROKER_FOLDER": str(tmp_path / "broker"),
        "CELERY_BEAT_SCHEDULE_FILENAME": str(tmp_path / "celerybeat-schedule"),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "DJANGO_SETTINGS_MODULE": "sendhub.settings",
    }
    with log.open("wb") as out:
        runall = subprocess.Popen(
            [sys.executable, "manage.py", "runall", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        # Beat sends every periodic task at start; the worker runs them and records each run.
        _wait_for(
            "the consultation's close",
            lambda: Consultation.objects.get(pk=consultation.pk).state == Consultation.State.CLOSED,
            runall,
            log,
        )
        _wait_for(
            "the end of the sweep that closed it",
            lambda: BackgroundTaskRun.objects.filter(
                task__name="consultations.tasks.sweep", outcome="succeeded", summary__contains="closed: 1"
            ).exists(),
            runall,
            log,
        )
        _wait_for(
            "the reminder in the console",
            lambda: "closes today" in log.read_text(),
            runall,
            log,
        )
        output = log.read_text()
        assert "Scheduler: Sending due task consultations-sweep" in output  # beat sent it...
        reminders = BackgroundTask.objects.get(name="consultations.tasks.send_reminders")
        assert reminders.last_outcome == "succeeded" and reminders.last_summary == "1"  # ...the worker ran it
        # The reminder's link follows the port (SITE_URL), as `make run PORT=...` sets it.
        link = reverse("consultations:manage_detail", args=[consultation.pk])
        assert f"http://127.0.0.1:{port}{link}" in output

        def healthz() -> dict | None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                    return json.loads(response.read())
            except OSError:
                return None

        _wait_for("the web server", lambda: healthz() is not None, runall, log)
        body = healthz()
        assert body["broker"] == "ok" and body["beat"] == "ok", body
        children = _children(runall.pid)
        assert len(children) == 3
    finally:
        runall.send_signal(signal.SIGINT)  # what Ctrl-C in the terminal sends
        try:
            runall.wait(timeout=60)
        except subprocess.TimeoutExpired:
            runall.kill()
            raise
    assert runall.returncode == 0, log.read_text()[-3000:]
    deadline = time.monotonic() + 10
    while any(_group_alive(pgid) for pgid in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_group_alive(pgid) for pgid in children), "a child of runall (or its own child) is still running"
    assert "Stopped the web server, the worker and beat." in log.read_text()
