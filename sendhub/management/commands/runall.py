"""`python manage.py runall`: the web server, a Celery worker and beat, as one command.

What `make run` starts. With no CELERY_BROKER_URL the three share the embedded broker
(`filesystem://`, files under .make/broker), so no server is needed; with one set (Redis) they use
it. Each child runs in its own process group, and Ctrl-C or SIGTERM stops every one of them (and
their own children: runserver's reloader, the worker's pool), then the command exits.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

EMBEDDED_BROKER = "filesystem://"
STOP_TIMEOUT = 15  # seconds each child is given to stop before it is killed


class Command(BaseCommand):
    help = "Run the web server, a Celery worker and Celery beat together; Ctrl-C stops all three."

    def add_arguments(self, parser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000", help="Where the web server listens.")
        parser.add_argument("--noreload", action="store_true", help="Do not restart the web server on code changes.")

    def handle(self, *args, addrport: str, noreload: bool, **options) -> None:
        base = Path(settings.BASE_DIR)
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.setdefault("CELERY_BROKER_URL", EMBEDDED_BROKER)
        if not env["CELERY_BROKER_URL"]:
            env["CELERY_BROKER_URL"] = EMBEDDED_BROKER
        schedule_file = Path(env.get("CELERY_BEAT_SCHEDULE_FILENAME") or base / ".make" / "celerybeat-schedule")
        schedule_file.parent.mkdir(parents=True, exist_ok=True)
        python = sys.executable
        celery = [python, "-m", "celery", "-A", "sendhub"]
        commands = {
            "web": [python, "manage.py", "runserver", addrport, *(["--noreload"] if noreload else [])],
            "worker": [
                *celery,
                "worker",
                "--pool=solo",  # one task at a time: SQLite has one writer anyway
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            "beat": [
                *celery,
                "beat",
                "--scheduler=sendhub.beat:StartupScheduler",
                f"--schedule={schedule_file}",
                "--loglevel=INFO",
            ],
        }
        self.stdout.write(
            f"Web server on http://{addrport}/, Celery worker and beat on {env['CELERY_BROKER_URL'].split('@')[-1]}"
            " (Ctrl-C stops all three)"
        )
        stopping = threading.Event()

        def request_stop(signum, frame) -> None:
            stopping.set()

        previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        children: dict[str, subprocess.Popen] = {}
        exit_code = 0
        try:
            for name, command in commands.items():
                children[name] = self._start(name, command, base, env)
            while not stopping.wait(0.5):
                ended = [name for name, child in children.items() if child.poll() is not None]
                if ended:
                    self.stderr.write(f"{', '.join(ended)} stopped; stopping the others.")
                    exit_code = 1
                    break
        finally:
            self._stop_all(children)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if exit_code:
            sys.exit(exit_code)

    def _start(self, name: str, command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.Popen:
        child = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            # Its own process group: the terminal's Ctrl-C reaches this command, which stops the
            # whole group of each child in order (runserver's reloader, the worker's pool).
            start_new_session=True,
        )
        threading.Thread(target=self._relay, args=(name, child), daemon=True).start()
        return child

    def _relay(self, name: str, child: subprocess.Popen) -> None:
        """Copy a child's output to ours, each line prefixed with the child's name."""
        prefix = f"{name:>6} | "
        for line in iter(child.stdout.readline, b""):
            sys.stdout.write(prefix + line.decode("utf-8", "replace"))
            sys.stdout.flush()

    def _stop_all(self, children: dict[str, subprocess.Popen]) -> None:
        for child in children.values():
            _signal_group(child, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        for child in children.values():
            # Kill whatever is left of each group (also grandchildren whose parent already exited).
            _signal_group(child, signal.SIGKILL)
            child.wait()
        self.stdout.write("Stopped the web server, the worker and beat.")


def _signal_group(child: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(child.pid, sig)
    except ProcessLookupError:
        pass
