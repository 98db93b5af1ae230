"""The access log a family sees: which organisations and roles viewed or changed their child's records.

Read from the audit trail (`sendhub.models.AuditEvent`, one row per record viewed, listed or
changed). People are shown by role and organisation, never by name: what a subject access
request asks for, without exposing staff. The parent's own reads are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone

from pupils.models import Pupil
from sendhub.models import AuditEvent, Membership, Role, User

SYSTEM = "SEND Hub Portal (automatic)"
ADMINISTRATOR = "Administrator, SEND Hub Portal"
PARENT = "Parent or carer"


@dataclass(frozen=True)
class Entry:
    at: datetime
    who: str
    action: str
    record: str


def events_for(pupil: Pupil, reader: User) -> QuerySet[AuditEvent]:
    """Everything the audit trail holds about the child, newest first, except the reader's own reads."""
    return (
        AuditEvent.objects.filter(pupil_id=pupil.pk)
        .exclude(Q(user=reader) & Q(action__in=[AuditEvent.Action.VIEW, AuditEvent.Action.LIST]))
        .order_by("-at", "-pk")
    )


def _record_name(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return label


def _relevant(membership: Membership, pupil: Pupil) -> bool:
    school = pupil.school
    return (
        (membership.school_id is not None and membership.school_id == school.pk)
        or (membership.trust_id is not None and membership.trust_id == school.trust_id)
        or (membership.local_authority_id is not None and membership.local_authority_id == school.local_authority_id)
        # Hub coordinators and panels may hear a case from any district of the authority.
        or membership.district_id is not None
    )


def _describe(memberships: list[Membership], user: User | None, at: datetime, pupil: Pupil) -> str:
    if user is None:
        return SYSTEM
    day = timezone.localtime(at).date()
    current = [m for m in memberships if m.started_on <= day and (m.ended_on is None or m.ended_on > day)]
    staff = [m for m in current if m.role != Role.PARENT]
    relevant = [m for m in staff if _relevant(m, pupil)] or staff
    if relevant:
        parts = [
            ADMINISTRATOR
            if m.role == Role.ADMINISTRATOR
            else (f"{m.get_role_display()}, {m.organisation_name}" if m.organisation_name else m.get_role_display())
            for m in relevant
        ]
        return "; ".join(dict.fromkeys(parts))
    if user.is_superuser or user.is_staff:
        return ADMINISTRATOR
    if any(m.role == Role.PARENT for m in current):
        return PARENT
    return "SEND Hub Portal user"


def entries(events: list[AuditEvent], pupil: Pupil) -> list[Entry]:
    """Role and organisation for each event, as they were on the day (a few queries per page)."""
    user_ids = {e.user_id for e in events if e.user_id}
    users = {u.pk: u for u in User.objects.filter(pk__in=user_ids)}
    memberships: dict[int, list[Membership]] = {}
    for m in Membership.objects.filter(user_id__in=user_ids).select_related(
        "school", "district", "local_authority", "trust"
    ):
        memberships.setdefault(m.user_id, []).append(m)
    return [
        Entry(
            at=e.at,
            who=_describe(memberships.get(e.user_id, []), users.get(e.user_id), e.at, pupil),
            action=e.get_action_display(),
            record=_record_name(e.model),
        )
        for e in events
    ]
