"""A file prepared in the background for the person who asked (sendhub/downloads/)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PreparedDownload(models.Model):
    """One request for a large file: who asked, what, how far the worker has got, and the file."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Being prepared"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # A kind registered by an app with sendhub.downloads.register_kind, and what it was asked for.
    kind = models.CharField(max_length=80)
    params = models.JSONField(default=dict)
    title = models.CharField(max_length=300)
    filename = models.CharField(max_length=200)
    noun = models.CharField(max_length=40, default="rows")  # "2,000 of 20,000 responses written"
    back_url = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(upload_to="downloads/", blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Written with each chunk: a running job whose heartbeat stops is taken back by the sweep.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["status", "created_at"], name="download_status_created"),
            models.Index(fields=["expires_at"], name="download_expires"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)
