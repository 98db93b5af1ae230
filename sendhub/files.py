"""Uploaded files that no record points to any more are deleted, and what retention allows is purged.

- On change: when a record's file is replaced (a new consent form, a regenerated summary)
  or the record is deleted (a withdrawn document), the old file is deleted after commit,
  unless another record still points to it. Connected for every model with a FileField.
- Daily (`sendhub.tasks.retention_purge`, Celery beat): files in MEDIA_ROOT that no record
  names (older than a day, so an upload still being saved is left alone), and whatever the
  apps register here with `register_purge` (stale import previews). README "Retention".
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.signals import post_delete, pre_save
from django.utils import timezone

log = logging.getLogger(__name__)

# A file in MEDIA_ROOT that no record names is kept this long (an upload may still be saving).
ORPHAN_GRACE = timedelta(days=1)

_PURGES: dict[str, Callable[[datetime], int]] = {}


def register_purge(name: str, purge: Callable[[datetime], int]) -> None:
    """An app's retention rule: `purge(now)` deletes what may go and returns how many."""
    _PURGES[name] = purge


def file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field


def is_referenced(name: str) -> bool:
    return any(model._base_manager.filter(**{field.name: name}).exists() for model, field in file_fields())


def delete_after_commit(storage, name: str) -> None:
    """Delete the file once the change that dropped it is committed, if no record still names it."""
    if not name:
        return

    def delete() -> None:
        if not is_referenced(name):
            storage.delete(name)

    transaction.on_commit(delete)


def _old_files(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance._state.adding or instance.pk is None:
        return
    fields = [f for f in sender._meta.concrete_fields if isinstance(f, models.FileField)]
    old = sender._base_manager.filter(pk=instance.pk).values_list(*[f.attname for f in fields]).first()
    if old is None:
        return
    for field, old_name in zip(fields, old, strict=True):
        new = getattr(instance, field.attname)
        new_name = new.name if hasattr(new, "name") else (new or "")
        if old_name and old_name != new_name:
            delete_after_commit(field.storage, old_name)


def _deleted_files(sender, instance, **kwargs) -> None:
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.FileField):
            value = getattr(instance, field.attname)
            delete_after_commit(field.storage, value.name if value else "")


def connect() -> None:
    """Called from SendhubConfig.ready(), once every app's models are loaded."""
    for model in {model for model, _ in file_fields()}:
        pre_save.connect(_old_files, sender=model, weak=False, dispatch_uid=f"sendhub.files.old.{model._meta.label}")
        post_delete.connect(
            _deleted_files, sender=model, weak=False, dispatch_uid=f"sendhub.files.deleted.{model._meta.label}"
        )


def _walk(storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}" if folder else sub)


def purge_orphan_files(now: datetime) -> int:
    """Delete files in MEDIA_ROOT that no record names, once they are a day old."""
    named: set[str] = set()
    for model, field in file_fields():
        named.update(model._base_manager.exclude(**{field.name: ""}).values_list(field.attname, flat=True).iterator())
    removed = 0
    for name in _walk(default_storage):
        if name in named:
            continue
        try:
            if default_storage.get_modified_time(name) > now - ORPHAN_GRACE:
                continue
        except FileNotFoundError:
            continue
        default_storage.delete(name)
        removed += 1
    return removed


register_purge("orphan files", purge_orphan_files)


def retention_purge(now: datetime | None = None) -> dict[str, int]:
    """Run every retention rule; one failing does not stop the others."""
    now = now or timezone.now()
    done: dict[str, int] = {}
    for name, purge in _PURGES.items():
        try:
            done[name] = purge(now)
        except Exception:
            log.exception("Retention purge %r failed", name)
            done[name] = -1
    return done
