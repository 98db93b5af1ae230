"""A task really runs through a separate Celery worker process on Redis.

Runs in the PostgreSQL pass: the worker is another process and must see the test
database, which SQLite's in-memory test database cannot offer.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.db import connection

from sendhub.models import OutboundEmail

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_an_email_task_is_delivered_by_a_real_worker_through_redis():
    redis.Redis.from_url(REDIS_URL).ping()  # fails the test loudly if Redis is down
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_QUEUE": queue,
        "CELERY_TASK_LOG_LEVEL": "INFO",  # so the worker says which task succeeded
        "DJANGO_SETTINGS_MODULE": "sendhub.settings",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "sendhub",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-Q",
            queue,
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        email = OutboundEmail.objects.create(to=["worker@example.org"], subject="Through the worker", body="x")
        # Publish from this process to the worker's queue on the real broker.
        from sendhub.celery import app

        old = (app.conf.task_always_eager, app.conf.broker_url)
        app.conf.task_always_eager, app.conf.broker_url = False, REDIS_URL
        try:
            with app.connection_for_write() as conn:
                app.send_task("sendhub.tasks.deliver_email", args=[email.pk], queue=queue, connection=conn)
        finally:
            app.conf.task_always_eager, app.conf.broker_url = old
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            email.refresh_from_db()
            if email.status == OutboundEmail.Status.SENT:
                break
            assert worker.poll() is None, worker.stdout.read()
            time.sleep(0.25)
        assert email.status == OutboundEmail.Status.SENT, "the worker did not deliver the email in 60 seconds"
    finally:
        worker.terminate()
        try:
            output = worker.communicate(timeout=20)[0]
        except subprocess.TimeoutExpired:
            worker.kill()
            output = worker.communicate()[0]
    assert "sendhub.tasks.deliver_email" in output and "succeeded" in output
