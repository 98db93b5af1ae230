"""The case officer: the local authority officer who owns an EHC assessment or plan and gets its reminders."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from pupils.models import EHCAssessment, EHCPlan, Pupil
from sendhub import access
from sendhub.access import EDIT
from sendhub.errors import DomainError
from sendhub.models import Role, User


def case_officers_for(pupil: Pupil) -> QuerySet[User]:
    """The officers who may own a case of this pupil: current officers of the pupil's school's authority."""
    today = timezone.localdate()
    return (
        User.objects.filter(
            Q(memberships__ended_on__isnull=True) | Q(memberships__ended_on__gt=today),
            is_active=True,
            memberships__role=Role.LA_OFFICER,
            memberships__local_authority_id=pupil.school.local_authority_id,
        )
        .distinct()
        .order_by("full_name", "pk")
    )


@transaction.atomic
def case_officer_set(
    *, actor: Any, case: EHCAssessment | EHCPlan, case_officer: User | None
) -> EHCAssessment | EHCPlan:
    """Name the officer who owns the case (None: every officer of the authority is reminded)."""
    locked = type(case).objects.select_for_update().select_related("pupil__school").get(pk=case.pk)
    access.require(actor, locked, EDIT)
    if case_officer is not None and not case_officers_for(locked.pupil).filter(pk=case_officer.pk).exists():
        raise DomainError("Choose an officer of the pupil's local authority", field="case_officer")
    locked.case_officer = case_officer
    locked.save(update_fields=["case_officer"])
    return locked
