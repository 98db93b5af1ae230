"""A GIAS file uploaded through the portal, and what importing it did."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from sendhub.access import reach
from sendhub.models import LocalAuthority


class GiasImportQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> GiasImportQuerySet:
        """Administrators see every import; LA officers those made for one of their authorities."""
        r = reach(user)
        if r.is_admin:
            return self.all()
        if not r.local_authorities:
            return self.none()
        return self.filter(
            pk__in=self.model.local_authorities.through.objects.filter(
                localauthority_id__in=r.local_authorities
            ).values("giasimport_id")
        )


class GiasImport(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    filename = models.CharField(max_length=200)
    # Deleted once the import has run: the register keeps the result, not the file.
    file = models.FileField(upload_to="gias/", blank=True)
    # The authorities the import was limited to (an LA officer's); none: every authority.
    local_authorities = models.ManyToManyField(LocalAuthority, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    closed_not_added = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    authorities_created = models.PositiveIntegerField(default=0)
    trusts_created = models.PositiveIntegerField(default=0)
    trusts_updated = models.PositiveIntegerField(default=0)
    # [{"row": 12, "urn": "999012", "reason": "..."}], in file order.
    skipped_rows = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)

    objects = GiasImportQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = "GIAS import"

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
