"""What the periodic (beat) tasks did: one row per task and a short history of its runs.

Written by the worker through Celery's task signals (sendhub/background.py), read by the
administrators' "Background tasks" page and by /healthz, so a silent scheduler is noticed.
"""

from django.db import models


class Outcome(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class BackgroundTask(models.Model):
    """One periodic task (a Celery task name) and its latest run."""

    name = models.CharField(max_length=200, unique=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_duration = models.DurationField(null=True, blank=True)
    last_outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    last_summary = models.CharField(max_length=300, blank=True)
    runs = models.PositiveIntegerField(default=0)
    failures = models.PositiveIntegerField(default=0)
    last_failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BackgroundTaskRun(models.Model):
    """One run of a periodic task; only the latest HISTORY runs of each task are kept."""

    HISTORY = 20

    task = models.ForeignKey(BackgroundTask, on_delete=models.CASCADE, related_name="history")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    duration = models.DurationField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    summary = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["task", "-started_at"], name="background_run_latest")]

    def __str__(self) -> str:
        return f"{self.task.name} at {self.started_at:%Y-%m-%d %H:%M:%S} ({self.get_outcome_display()})"
