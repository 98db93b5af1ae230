"""The audit trail, written by the access layer rather than by each view.

Views are logged by `access.get_visible_or_404` and `access.visible_page`; changes are
logged from django-simple-history's signal, so every save of a pupil-level model through
the ORM leaves a trace whoever made it.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.dispatch import receiver
from django.utils import timezone
from simple_history.signals import post_create_historical_record

from .models import AuditEvent


@dataclass(frozen=True)
class RequestContext:
    path: str = ""
    ip_address: str | None = None


_context: ContextVar[RequestContext] = ContextVar(
    "sendhub_audit_context",
    default=RequestContext(),  # noqa: B039  (frozen, so sharing the default is safe)
)


class AuditContextMiddleware:
    """Remembers the path and address of the request for audit events written during it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _context.set(RequestContext(path=request.path[:500], ip_address=request.META.get("REMOTE_ADDR")))
        try:
            return self.get_response(request)
        finally:
            _context.reset(token)


def pupil_id_of(obj: models.Model) -> int | None:
    """The pupil a record is about, following its `access_paths.pupil` lookup."""
    paths = getattr(type(obj), "access_paths", None)
    if paths is None or paths.pupil is None:
        return None
    if paths.pupil == "pk":
        return obj.pk
    *hops, last = paths.pupil.split("__")
    target: Any = obj
    for hop in hops:
        target = getattr(target, hop, None)
        if target is None:
            return None
    return getattr(target, f"{last}_id", None)


def _user_id(user: Any) -> int | None:
    return user.pk if user is not None and getattr(user, "is_authenticated", False) else None


def record(user: Any, obj: models.Model, action: str) -> AuditEvent:
    ctx = _context.get()
    return AuditEvent.objects.create(
        user_id=_user_id(user),
        action=action,
        model=obj._meta.label_lower,
        object_pk=str(obj.pk),
        pupil_id=pupil_id_of(obj),
        path=ctx.path,
        ip_address=ctx.ip_address,
    )


def current_context() -> RequestContext:
    """The request's path and address, for records written after the view returned (a streamed file)."""
    return _context.get()


# The columns `record_many` writes, in order.
_COLUMNS = ("at", "user", "action", "model", "object_pk", "pupil_id", "path", "ip_address")
# Rows per INSERT on PostgreSQL (SQLite takes fewer: its limit on parameters).
_ROWS_PER_INSERT = 500


def record_many(
    user: Any, objects: Iterable[models.Model], action: str, *, context: RequestContext | None = None
) -> None:
    """One insert for a page of records (a list view shows each of them).

    Every list page writes its rows, so this is one plain multi-row INSERT rather than
    `bulk_create` (which built 25 model instances and wrapped the insert in a transaction of its
    own: BEGIN and COMMIT round trips on top of the INSERT; issue 19). The rows are the same:
    one per record, with the request's path and address. More rows than one INSERT takes (an
    export, an import) are written in one transaction, all or none, as before.
    """
    from django.db import connections, router, transaction

    ctx = context or _context.get()
    connection = connections[router.db_for_write(AuditEvent)]
    fields = [AuditEvent._meta.get_field(name) for name in _COLUMNS]
    at, user_id, action, path, ip_address = (
        field.get_db_prep_save(value, connection)
        for field, value in zip(
            (fields[0], fields[1], fields[2], fields[6], fields[7]),
            (timezone.now(), _user_id(user), action, ctx.path, ctx.ip_address),
            strict=True,
        )
    )
    rows = [
        (at, user_id, action, obj._meta.label_lower, str(obj.pk), pupil_id_of(obj), path, ip_address) for obj in objects
    ]
    if not rows:
        return
    per_insert = max(1, min(_ROWS_PER_INSERT, connection.ops.bulk_batch_size(fields, rows)))
    quote = connection.ops.quote_name
    head = (
        f"INSERT INTO {quote(AuditEvent._meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) VALUES "
    )
    row_placeholder = f"({', '.join(['%s'] * len(fields))})"
    batches = [rows[start : start + per_insert] for start in range(0, len(rows), per_insert)]
    with transaction.atomic(using=connection.alias, savepoint=False) if len(batches) > 1 else nullcontext():
        with connection.cursor() as cursor:
            for batch in batches:
                cursor.execute(
                    head + ", ".join([row_placeholder] * len(batch)), [value for row in batch for value in row]
                )


_HISTORY_ACTIONS = {"+": AuditEvent.Action.CREATE, "~": AuditEvent.Action.CHANGE, "-": AuditEvent.Action.DELETE}


@receiver(post_create_historical_record)
def _log_change(sender, instance, history_instance, history_user=None, **kwargs) -> None:
    if getattr(type(instance), "access_paths", None) is None or type(instance).access_paths.pupil is None:
        return  # not pupil-level: the model history is enough
    ctx = _context.get()
    AuditEvent.objects.create(
        user_id=_user_id(history_user),
        action=_HISTORY_ACTIONS.get(history_instance.history_type, AuditEvent.Action.CHANGE),
        model=instance._meta.label_lower,
        object_pk=str(instance.pk),
        pupil_id=pupil_id_of(instance),
        path=ctx.path,
        ip_address=ctx.ip_address,
    )


def bulk_create_with_audit(model: type[models.Model], objects: list[models.Model], user: Any) -> list[models.Model]:
    """Insert many pupil-level rows at once, with their model history and audit events.

    Bulk inserts send no per-row signal, so this is the one way services create in bulk.
    """
    from simple_history.utils import bulk_create_with_history

    created = bulk_create_with_history(objects, model, default_user=user if _user_id(user) else None)
    record_many(user, created, AuditEvent.Action.CREATE)
    return created


def bulk_update_with_audit(
    model: type[models.Model], objects: list[models.Model], fields: list[str], user: Any
) -> None:
    from simple_history.utils import bulk_update_with_history

    bulk_update_with_history(objects, model, fields, default_user=user if _user_id(user) else None)
    record_many(user, objects, AuditEvent.Action.CHANGE)
