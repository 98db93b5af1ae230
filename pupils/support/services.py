"""Writes for SEN support: cycles of assess, plan, do, review, and meetings with parents."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from pupils.models import ParentMeeting, Pupil, SupportCycle, SupportOutcome, SupportProvision
from sendhub import access
from sendhub.dates import academic_year_start_year
from sendhub.errors import DomainError
from sendhub.models import User


def _not_in_future(day: date, what: str, field: str) -> None:
    if day > timezone.localdate():
        raise DomainError(f"The {what} must be today or in the past", field=field)


def support_facts_refresh(*, pupils: QuerySet[Pupil] | list[int]) -> int:
    """Each pupil's `support_cost` and `support_review_due` agree with their cycles; returns how many pupils.

    Called in the transaction of every write to a cycle or its provision (and by the demo, the
    scale data and the migration that filled the columns): one UPDATE, whatever the number of pupils.
    """
    latest = SupportCycle.objects.filter(pupil=OuterRef(OuterRef("pk"))).order_by("-started_on", "-pk").values("pk")[:1]
    money = DecimalField(max_digits=11, decimal_places=2)
    cost = (
        SupportProvision.objects.filter(cycle=Subquery(latest))
        .order_by()
        .values("cycle")
        .annotate(total=Sum("cost_per_year"))
        .values("total")
    )
    review_due = SupportCycle.objects.filter(pupil=OuterRef("pk"), reviewed_on__isnull=True).values("review_date")[:1]
    ids = pupils if isinstance(pupils, list) else pupils.values("pk")
    return Pupil.objects.filter(Q(pk__in=ids)).update(
        support_cost=Coalesce(Subquery(cost, output_field=money), Value(Decimal("0.00")), output_field=money),
        support_review_due=Subquery(review_due),
    )


def parent_meetings_refresh(*, pupils: QuerySet[Pupil] | list[int], today: date | None = None) -> int:
    """Each pupil's `parent_meetings_year` and `parent_meetings_count` agree with their meetings; returns how many.

    The count is of meetings held in the academic year of `today` (1 September to 31 August).
    Called in the transaction of every write to a meeting (and by the demo, the scale data and
    the migration that filled the columns): one UPDATE, whatever the number of pupils.
    """
    start_year = academic_year_start_year(today or timezone.localdate())
    start, end = date(start_year, 9, 1), date(start_year + 1, 8, 31)
    meetings = (
        ParentMeeting.objects.filter(pupil=OuterRef("pk"), held_on__range=(start, end))
        .order_by()
        .values("pupil")
        .annotate(n=Count("pk"))
        .values("n")
    )
    ids = pupils if isinstance(pupils, list) else pupils.values("pk")
    return Pupil.objects.filter(Q(pk__in=ids)).update(
        parent_meetings_year=start_year,
        parent_meetings_count=Coalesce(Subquery(meetings, output_field=IntegerField()), Value(0)),
    )


def _lock_for_meetings(pupil_id: int) -> None:
    """Writes to one pupil's meetings take turns, so each refresh counts the others' committed meetings.

    Without it, two meetings recorded at once could each count only their own (READ COMMITTED:
    the UPDATE waits for the other's row lock but its count was read before).
    """
    list(Pupil.objects.select_for_update().filter(pk=pupil_id).values_list("pk", flat=True))


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
    support_facts_refresh(pupils=[pupil.pk])
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
    support_facts_refresh(pupils=[cycle.pupil_id])
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
    support_facts_refresh(pupils=[cycle.pupil_id])
    return provision


@transaction.atomic
def provision_remove(*, actor: User, provision: SupportProvision) -> None:
    access.require(actor, provision, access.EDIT)
    cycle = _open(provision.cycle)
    provision._history_user = actor
    provision.delete()
    support_facts_refresh(pupils=[cycle.pupil_id])


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
    support_facts_refresh(pupils=[cycle.pupil_id])
    return cycle


@transaction.atomic
def parent_meeting_add(*, actor: User, pupil: Pupil, held_on: date, attendees: str, notes: str = "") -> ParentMeeting:
    if not access.may_at_school(actor, pupil.school, "sen_support", access.EDIT):
        raise PermissionDenied
    _not_in_future(held_on, "meeting date", "held_on")
    _lock_for_meetings(pupil.pk)
    meeting = ParentMeeting(pupil=pupil, held_on=held_on, attendees=attendees, notes=notes, recorded_by=actor)
    meeting._history_user = actor
    meeting.save()
    parent_meetings_refresh(pupils=[pupil.pk])
    return meeting


@transaction.atomic
def parent_meeting_change(
    *, actor: User, meeting: ParentMeeting, held_on: date, attendees: str, notes: str = ""
) -> ParentMeeting:
    """Correct a recorded meeting (its date may move it into or out of this academic year)."""
    access.require(actor, meeting, access.EDIT)
    _not_in_future(held_on, "meeting date", "held_on")
    _lock_for_meetings(meeting.pupil_id)
    meeting = ParentMeeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.held_on, meeting.attendees, meeting.notes = held_on, attendees, notes
    meeting._history_user = actor
    meeting.save()
    parent_meetings_refresh(pupils=[meeting.pupil_id])
    return meeting


@transaction.atomic
def parent_meeting_remove(*, actor: User, meeting: ParentMeeting) -> None:
    """Remove a meeting recorded in error."""
    access.require(actor, meeting, access.EDIT)
    pupil_id = meeting.pupil_id
    _lock_for_meetings(pupil_id)
    meeting._history_user = actor
    meeting.delete()
    parent_meetings_refresh(pupils=[pupil_id])
