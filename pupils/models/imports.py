"""A checked CSV of pupils waiting to be imported: the preview survives between requests."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from sendhub.access import AccessPaths, ScopedQuerySet
from sendhub.models import School


class PupilImport(models.Model):
    class Status(models.TextChoices):
        CHECKED = "checked", "Checked"
        IMPORTED = "imported", "Imported"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="pupil_imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    filename = models.CharField(max_length=200)
    # [{"row": 2, "values": {...}, "errors": [...], "action": "add" | "update"}], plus file-level errors.
    rows = models.JSONField(default=list)
    file_errors = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKED)
    imported_at = models.DateTimeField(null=True, blank=True)
    added = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)

    objects = ScopedQuerySet.as_manager()
    access_paths = AccessPaths(resource="pupil", school="school")

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(1 for row in self.rows if row["errors"])

    @property
    def can_import(self) -> bool:
        return self.status == self.Status.CHECKED and self.error_count == 0 and bool(self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row["action"] == action and not row["errors"])
