"""Writes for SEN support: cycles of assess, plan, do, review, and meetings with parents."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from pupils.models import ParentMeeting, Pupil, SupportCycle, SupportOutcome, SupportProvision
from sendhub import access
from sendhub.errors import DomainError
from sendhub.models import User


def _not_in_future(day: date, what: str, field: str) -> None:
    if day > timezone.localdate():
        raise DomainError(f"The {what} must be today or in the past", field=field)


def _open(cycle: SupportCycle) -> SupportCycle:
    locked = SupportCycle.objects.select_for_update().get(pk=cycle.pk)
    if not locked.is_open:
        raise DomainError("This cycle has been reviewed and can no longer change. Start the next cycle instead")
    return locked


@transaction.atomic
def cycle_start(
    *,
    actor: User,
    pupil: Pupil,
    started_on: date,
    needs: str,
    parent_views: str = "",
    child_views: str = "",
    carry_over_from: SupportCycle | None = None,
) -> SupportCycle:
    """Assess: a new cycle. One open cycle per pupil; the next may carry over unfinished work."""
    pupil = Pupil.objects.select_for_update().get(pk=pupil.pk)
    if not access.may_at_school(actor, pupil.school, "sen_support", access.EDIT):
        raise PermissionDenied
    if SupportCycle.objects.filter(pupil=pupil, reviewed_on__isnull=True).exists():
        raise DomainError("Review the current SEN support cycle before starting a new one")
    _not_in_future(started_on, "start date", "started_on")
    latest = SupportCycle.objects.filter(pupil=pupil).order_by("-reviewed_on").first()
    if latest and started_on < latest.reviewed_on:
        raise DomainError(
            f"The new cycle must start on or after the last review, {latest.reviewed_on:%-d %B %Y}", field="started_on"
        )
    cycle = SupportCycle(
        pupil=pupil,
        started_on=started_on,
        needs=needs,
        parent_views=parent_views,
        child_views=child_views,
        created_by=actor,
    )
    cycle._history_user = actor
    cycle.save()
    if carry_over_from is not None and carry_over_from.pupil_id == pupil.pk:
        for outcome in carry_over_from.outcomes.exclude(progress__in=["achieved", "exceeded"]):
            SupportOutcome.objects.create(cycle=cycle, description=outcome.description)
        for provision in carry_over_from.provisions.all():
            SupportProvision.objects.create(
                cycle=cycle,
                description=provision.description,
                frequency=provision.frequency,
                provided_by=provision.provided_by,
                cost_per_year=provision.cost_per_year,
            )
    return cycle


@transaction.atomic
def cycle_plan(
    *,
    actor: User,
    cycle: SupportCycle,
    needs: str,
    parent_views: str,
    child_views: str,
    responsible: str,
    review_date: date | None,
) -> SupportCycle:
    """Assess and plan: the needs and views, who is responsible and when progress will be reviewed."""
    access.require(actor, cycle, access.EDIT)
    cycle = _open(cycle)
    if review_date is not None and review_date <= cycle.started_on:
        raise DomainError("The review date must be after the cycle started", field="review_date")
    cycle.needs, cycle.parent_views, cycle.child_views = needs, parent_views, child_views
    cycle.responsible, cycle.review_date = responsible, review_date
    cycle._history_user = actor
    cycle.save()
    return cycle


@transaction.atomic
def outcome_add(*, actor: User, cycle: SupportCycle, description: str) -> SupportOutcome:
    access.require(actor, cycle, access.EDIT)
    cycle = _open(cycle)
    outcome = SupportOutcome(cycle=cycle, description=description)
    outcome._history_user = actor
    outcome.save()
    return outcome


@transaction.atomic
def outcome_remove(*, actor: User, outcome: SupportOutcome) -> None:
    access.require(actor, outcome, access.EDIT)
    _open(outcome.cycle)
    outcome._history_user = actor
    outcome.delete()


@transaction.atomic
def provision_add(
    *, actor: User, cycle: SupportCycle, description: str, frequency: str, provided_by: str, cost_per_year: Decimal
) -> SupportProvision:
    access.require(actor, cycle, access.EDIT)
    cycle = _open(cycle)
    if cost_per_year < 0:
        raise DomainError("The cost must be £0 or more", field="cost_per_year")
    provision = SupportProvision(
        cycle=cycle, description=description, frequency=frequency, provided_by=provided_by, cost_per_year=cost_per_year
    )
    provision._history_user = actor
    provision.save()
    return provision


@transaction.atomic
def provision_remove(*, actor: User, provision: SupportProvision) -> None:
    access.require(actor, provision, access.EDIT)
    _open(provision.cycle)
    provision._history_user = actor
    provision.delete()


@transaction.atomic
def cycle_review(
    *, actor: User, cycle: SupportCycle, reviewed_on: date, summary: str, next_step: str, progress: dict[int, str]
) -> SupportCycle:
    """Review: progress against each outcome and the next step. A reviewed cycle no longer changes."""
    access.require(actor, cycle, access.EDIT)
    cycle = _open(cycle)
    outcomes = list(cycle.outcomes.all())
    if not outcomes:
        raise DomainError("Add at least one outcome before reviewing the cycle")
    if reviewed_on < cycle.started_on:
        raise DomainError("The review date must be on or after the cycle started", field="reviewed_on")
    _not_in_future(reviewed_on, "review date", "reviewed_on")
    if next_step not in SupportCycle.NextStep.values:
        raise DomainError("Select the next step", field="next_step")
    missing = [o for o in outcomes if progress.get(o.pk) not in SupportOutcome.Progress.values]
    if missing:
        raise DomainError("Select the progress made towards every outcome")
    for outcome in outcomes:
        outcome.progress = progress[outcome.pk]
        outcome._history_user = actor
        outcome.save(update_fields=["progress"])
    cycle.reviewed_on, cycle.review_summary, cycle.next_step = reviewed_on, summary, next_step
    cycle._history_user = actor
    cycle.save()
    return cycle


@transaction.atomic
def parent_meeting_add(*, actor: User, pupil: Pupil, held_on: date, attendees: str, notes: str = "") -> ParentMeeting:
    if not access.may_at_school(actor, pupil.school, "sen_support", access.EDIT):
        raise PermissionDenied
    _not_in_future(held_on, "meeting date", "held_on")
    meeting = ParentMeeting(pupil=pupil, held_on=held_on, attendees=attendees, notes=notes, recorded_by=actor)
    meeting._history_user = actor
    meeting.save()
    return meeting
