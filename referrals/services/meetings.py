"""Writes for meetings: agendas (scheduling, minutes and actions build on these)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from sendhub.errors import DomainError
from sendhub.models import User

from ..models import AgendaItem, Meeting, Referral


@transaction.atomic
def agenda_add_case(*, meeting: Meeting, referral: Referral, kind: str, actor: User | None) -> AgendaItem:
    """Put a case on a scheduled meeting's agenda (once), at the end."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise DomainError("Cases can only be added to a meeting that has not yet happened")
    existing = AgendaItem.objects.filter(meeting=meeting, referral=referral, removed_at__isnull=True).first()
    if existing is not None:
        return existing
    last = AgendaItem.objects.filter(meeting=meeting).aggregate(last=Max("position"))["last"] or 0
    return AgendaItem.objects.create(meeting=meeting, referral=referral, kind=kind, position=last + 1, added_by=actor)
