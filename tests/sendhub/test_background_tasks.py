"""What the periodic tasks did: recorded by Celery's signals, shown to administrators, checked by /healthz."""

from __future__ import annotations

from datetime import timedelta

import pytest
from celery.schedules import crontab, schedule
from django.utils import timezone

from sendhub import services
from sendhub.background import beat_health, describe_schedule, periodic_entries, schedule_interval, summarise
from sendhub.beat import StartupScheduler
from sendhub.celery import app
from sendhub.models import BackgroundTask, BackgroundTaskRun, OutboundEmail
from sendhub.tasks import deliver_email, outbox_sweep


@pytest.mark.django_db
def test_a_periodic_task_run_is_recorded_with_its_duration_and_what_it_returned():
    outbox_sweep.delay()
    task = BackgroundTask.objects.get(name="sendhub.tasks.outbox_sweep")
    assert task.last_outcome == "succeeded" and task.runs == 1 and task.failures == 0
    assert task.last_summary == "0"  # no email was waiting
    assert task.last_started_at <= task.last_finished_at and task.last_duration >= timedelta(0)
    run = task.history.get()
    assert run.outcome == "succeeded" and run.summary == "0"


@pytest.mark.django_db
def test_a_task_that_is_not_periodic_is_not_recorded():
    email = OutboundEmail.objects.create(to=["someone@example.org"], subject="Hello", body="x")
    deliver_email.delay(email.pk)
    assert not BackgroundTask.objects.exists()


@pytest.mark.django_db
def test_a_failure_is_recorded_with_its_time_and_error_and_kept_after_later_successes(monkeypatch):
    def broken():
        raise RuntimeError("the outbox table is locked")

    monkeypatch.setattr(services, "outbox_due_ids", broken)
    with pytest.raises(RuntimeError):  # the tests' eager tasks raise; a worker records and goes on
        outbox_sweep.delay()
    monkeypatch.undo()
    outbox_sweep.delay()
    task = BackgroundTask.objects.get(name="sendhub.tasks.outbox_sweep")
    assert task.last_outcome == "succeeded" and task.runs == 2 and task.failures == 1
    assert task.last_failed_at is not None and task.last_error == "RuntimeError: the outbox table is locked"
    assert [run.outcome for run in task.history.all()] == ["succeeded", "failed"]


@pytest.mark.django_db
def test_the_history_keeps_only_the_latest_runs_of_each_task():
    for _ in range(BackgroundTaskRun.HISTORY + 3):
        outbox_sweep.delay()
    task = BackgroundTask.objects.get(name="sendhub.tasks.outbox_sweep")
    assert task.runs == BackgroundTaskRun.HISTORY + 3
    assert task.history.count() == BackgroundTaskRun.HISTORY


def test_results_are_summarised_in_a_short_line():
    assert summarise({"opened": 0, "closed": [4, 5], "summaries": [4]}) == "opened: 0, closed: 2, summaries: 1"
    assert summarise(3) == "3"
    assert summarise(None) == "Done"
    assert len(summarise("x" * 1000)) == 300


def test_schedules_are_described_in_words_and_their_interval_is_known():
    now = timezone.now()
    assert describe_schedule(schedule(timedelta(seconds=60))) == "Every minute"
    assert describe_schedule(schedule(timedelta(hours=2))) == "Every 2 hours"
    daily = crontab(hour=7, minute=0, app=app)
    assert describe_schedule(daily) == "Every day at 07:00"
    assert schedule_interval(daily, now) == timedelta(days=1)
    assert schedule_interval(schedule(timedelta(seconds=60)), now) == timedelta(seconds=60)


def test_every_entry_of_the_beat_schedule_is_listed_with_what_it_does():
    entries = {entry.key: entry for entry in periodic_entries()}
    assert set(entries) == set(app.conf.beat_schedule)
    assert entries["consultations-sweep"].description.startswith("Every minute: open and close consultations")
    assert entries["consultations-sweep"].every == "Every minute"


def test_make_runs_beat_sends_every_periodic_task_at_start(tmp_path):
    scheduler = StartupScheduler(app, schedule_filename=str(tmp_path / "beat"), lazy=True)
    scheduler.setup_schedule()
    try:
        due = {name for name, entry in scheduler.schedule.items() if entry.is_due().is_due}
    finally:
        scheduler.close()
    assert set(app.conf.beat_schedule) <= due  # the 7am reminders too, not only the every-minute sweeps


def _ran(minutes_ago: dict[str, float]) -> None:
    now = timezone.now()
    for entry in periodic_entries():
        ago = minutes_ago.get(entry.key, 1)
        BackgroundTask.objects.create(
            name=entry.task_name, last_started_at=now - timedelta(minutes=ago), last_outcome="succeeded"
        )


@pytest.mark.django_db
def test_beat_is_healthy_when_every_task_ran_within_twice_its_interval(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    _ran({"ehc-reminders": 47 * 60})  # daily: 47 hours is within two days
    assert beat_health() == (True, "ok")


@pytest.mark.django_db
def test_beat_is_unhealthy_when_a_task_has_not_run_for_twice_its_interval(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    _ran({"outbox-sweep": 2.5, "ehc-reminders": 49 * 60})
    assert beat_health() == (False, "late: outbox-sweep, ehc-reminders")


@pytest.mark.django_db
def test_beat_is_unhealthy_when_it_never_ran_since_the_portal_started_watching(settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr("sendhub.background.WATCHING_SINCE", timezone.now() - timedelta(minutes=3))
    healthy, text = beat_health()
    assert not healthy and "outbox-sweep" in text and "ehc-reminders" not in text


@pytest.mark.django_db
def test_without_a_broker_there_is_no_beat_to_check(client):
    assert client.get("/healthz").json()["beat"].startswith("eager")


@pytest.mark.django_db
def test_administrators_see_each_periodic_task_its_last_run_and_its_last_failure(client, personas, monkeypatch):
    def broken():
        raise RuntimeError("the outbox table is locked")

    monkeypatch.setattr(services, "outbox_due_ids", broken)
    with pytest.raises(RuntimeError):
        outbox_sweep.delay()
    monkeypatch.undo()
    client.force_login(personas.admin)
    response = client.get("/background-tasks/")
    assert response.status_code == 200
    page = response.content.decode()
    for key in app.conf.beat_schedule:
        assert f'<h2 class="govuk-summary-card__title">{key}</h2>' in page
    assert "Every day at 07:00" in page and "Not run yet" in page
    assert "RuntimeError: the outbox table is locked" in page
    assert "Failed" in page


@pytest.mark.django_db
def test_the_home_page_links_administrators_to_the_background_tasks(client, personas):
    client.force_login(personas.admin)
    assert 'href="/background-tasks/"' in client.get("/").content.decode()
    client.force_login(personas.senco_a)
    assert 'href="/background-tasks/"' not in client.get("/").content.decode()
