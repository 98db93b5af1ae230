"""Writes of notices: read, all read, a person's email choices."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sendhub.models import Notification, NotificationPreference

from .kinds import KINDS


def notice_read(*, actor, notice_id: int) -> None:
    Notification.objects.filter(pk=notice_id, user=actor, read_at__isnull=True).update(read_at=timezone.now())


def notices_all_read(*, actor) -> int:
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def preferences_set(*, actor, choices: dict[str, str]) -> None:
    """Keep a row only where the person chose something other than the kind's default."""
    for key, kind in KINDS.items():
        channel = choices.get(key, kind.default)
        if not kind.may_turn_off and channel == "none":
            channel = kind.default
        if channel == kind.default:
            NotificationPreference.objects.filter(user=actor, kind=key).delete()
        else:
            NotificationPreference.objects.update_or_create(user=actor, kind=key, defaults={"channel": channel})
