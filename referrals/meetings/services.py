"""Writes for the half-termly meetings of a district's hub panel and its Locality Management
Group: scheduling, the agenda that builds itself, minutes, actions, review and escalation."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from referrals.intake.selectors import sencos_of
from referrals.models import Action, AgendaItem, CaseDiscussion, Meeting, MeetingInvitee, Referral, ReferralEvent
from sendhub import access
from sendhub.calendar.selectors import HalfTermDates, half_term_of, is_bank_holiday, is_working_day
from sendhub.dates import LONDON, academic_year
from sendhub.errors import DomainError
from sendhub.models import District, Membership, Role, User
from sendhub.services import notify

THURSDAY = 3


def _require_coordinator(actor: User, district: District | int) -> None:
    district_id = district if isinstance(district, int) else district.pk
    if district_id not in access.reach(actor).coordinator_districts:
        raise PermissionDenied


def propose_date(*, district: District, term: HalfTermDates, weekday: int = THURSDAY) -> date | None:
    """A day to suggest for a half term's meeting: the first `weekday` from the third week of
    the half term that is a working day (never a bank holiday), else any working day in it."""
    start = term.starts_on + timedelta(days=14)
    day = start + timedelta(days=(weekday - start.weekday()) % 7)
    while day <= term.ends_on:
        if is_working_day(day):
            return day
        day += timedelta(days=7)
    day = term.starts_on
    while day <= term.ends_on:
        if is_working_day(day):
            return day
        day += timedelta(days=1)
    return None


def _check_when(district: District, day: date, start: time, end: time, *, allow_past: bool = False) -> HalfTermDates:
    if end <= start:
        raise DomainError("The meeting must end after it starts", field="ends_at")
    if not allow_past and day < timezone.localdate():
        raise DomainError("The meeting must be today or later", field="day")
    if day.weekday() >= 5:
        raise DomainError(f"{day:%A %-d %B %Y} is a weekend: choose a school day", field="day")
    if is_bank_holiday(day):
        raise DomainError(f"{day:%A %-d %B %Y} is a bank holiday: choose another day", field="day")
    term = half_term_of(day, district.local_authority)
    if term is None:
        raise DomainError(
            f"{day:%A %-d %B %Y} is in the school holidays: hub meetings are held in term time", field="day"
        )
    return term


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=LONDON)


def _eligible_invitees(district: District) -> dict[int, str]:
    """The district's panel members and coordinators, with their agency: who may be invited."""
    rows = (
        Membership.objects.current()
        .filter(district=district, role__in=[Role.PANEL_MEMBER, Role.HUB_COORDINATOR])
        .values_list("user_id", "agency")
    )
    return dict(rows)


def _set_invitees(meeting: Meeting, users: Iterable[User], actor: User) -> None:
    eligible = _eligible_invitees(meeting.district)
    wanted = {user.pk for user in users} | {actor.pk}
    strangers = wanted - set(eligible)
    if strangers:
        raise DomainError("Invite only the district's panel members and coordinators", field="invitees")
    MeetingInvitee.objects.filter(meeting=meeting).exclude(user_id__in=wanted).delete()
    have = set(MeetingInvitee.objects.filter(meeting=meeting).values_list("user_id", flat=True))
    MeetingInvitee.objects.bulk_create(
        MeetingInvitee(meeting=meeting, user_id=user_id, agency=eligible[user_id]) for user_id in wanted - have
    )


def _tell_invitees(meeting: Meeting, message: str, subject: str) -> None:
    users = [invitee.user for invitee in meeting.invitees.select_related("user")]
    notify(
        users=users,
        message=message,
        url=reverse("meetings:detail", kwargs={"pk": meeting.pk}),
        email_subject=subject,
        kind="meeting",
    )


def _describe(meeting: Meeting) -> str:
    when = f"{timezone.localtime(meeting.starts_at):%A %-d %B %Y at %-I:%M%p}".replace("AM", "am").replace("PM", "pm")
    return f"{meeting.get_kind_display()} of {meeting.district.name}, {when}"


@transaction.atomic
def meeting_schedule(
    *,
    actor: User,
    district: District,
    kind: str,
    day: date,
    start: time,
    end: time,
    location: str = "",
    online_link: str = "",
    invitees: Iterable[User] = (),
) -> Meeting:
    """Schedule a meeting in a half term, on a school day that is not a bank holiday; its agenda builds itself."""
    _require_coordinator(actor, district)
    if kind not in Meeting.Kind.values:
        raise DomainError("Choose the kind of meeting", field="kind")
    term = _check_when(district, day, start, end)
    if not location.strip() and not online_link.strip():
        raise DomainError("Enter the place of the meeting or an online meeting link", field="location")
    meeting = Meeting.objects.create(
        district=district,
        kind=kind,
        academic_year=academic_year(day),
        half_term=term.number,
        starts_at=_at(day, start),
        ends_at=_at(day, end),
        location=location.strip(),
        online_link=online_link.strip(),
        created_by=actor,
    )
    _set_invitees(meeting, invitees, actor)
    agenda_build(meeting=meeting, actor=actor)
    _tell_invitees(meeting, f"You are invited to the {_describe(meeting)}", "Invitation to a hub meeting")
    return meeting


@transaction.atomic
def meeting_move(
    *,
    actor: User,
    meeting: Meeting,
    day: date,
    start: time,
    end: time,
    location: str,
    online_link: str,
    invitees: Iterable[User],
) -> Meeting:
    """Change when, where or who; the calendar invitation's sequence goes up so calendars update."""
    meeting = Meeting.objects.select_for_update().select_related("district__local_authority").get(pk=meeting.pk)
    _require_coordinator(actor, meeting.district_id)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise DomainError("Only a meeting that has not yet happened can be changed")
    term = _check_when(meeting.district, day, start, end)
    if not location.strip() and not online_link.strip():
        raise DomainError("Enter the place of the meeting or an online meeting link", field="location")
    meeting.starts_at, meeting.ends_at = _at(day, start), _at(day, end)
    meeting.academic_year, meeting.half_term = academic_year(day), term.number
    meeting.location, meeting.online_link = location.strip(), online_link.strip()
    meeting.sequence += 1
    meeting._history_user = actor
    meeting.save()
    _set_invitees(meeting, invitees, actor)
    _tell_invitees(meeting, f"A meeting has changed: it is now the {_describe(meeting)}", "A hub meeting has changed")
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: User, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a meeting; its cases wait for the next one, whose agenda picks them up."""
    meeting = Meeting.objects.select_for_update().select_related("district").get(pk=meeting.pk)
    _require_coordinator(actor, meeting.district_id)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise DomainError("Only a meeting that has not yet happened can be cancelled")
    if not reason.strip():
        raise DomainError("Enter why the meeting is cancelled", field="reason")
    meeting.status, meeting.cancelled_reason = Meeting.Status.CANCELLED, reason.strip()
    meeting.sequence += 1
    meeting._history_user = actor
    meeting.save()
    _tell_invitees(meeting, f"Cancelled: the {_describe(meeting)}", "A hub meeting is cancelled")
    return meeting


# --- The agenda -------------------------------------------------------------------------------


def _next_position(meeting: Meeting) -> int:
    return (AgendaItem.objects.filter(meeting=meeting).aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def agenda_add_case(*, meeting: Meeting, referral: Referral, kind: str, actor: User | None) -> AgendaItem:
    """Put a case on a scheduled meeting's agenda (once), at the end."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise DomainError("Cases can only be added to a meeting that has not yet happened")
    existing = AgendaItem.objects.filter(meeting=meeting, referral=referral, removed_at__isnull=True).first()
    if existing is not None:
        return existing
    return AgendaItem.objects.create(
        meeting=meeting, referral=referral, kind=kind, position=_next_position(meeting), added_by=actor
    )


def _on_an_active_agenda(kind: str):
    """On the agenda of a meeting still to come, or discussed at one that was held. A case a held
    meeting ran out of time for rolls over to the next agenda."""
    return AgendaItem.objects.filter(referral=OuterRef("pk"), removed_at__isnull=True, meeting__kind=kind).filter(
        Q(meeting__status=Meeting.Status.SCHEDULED) | Q(meeting__status=Meeting.Status.HELD, discussion__isnull=False)
    )


@transaction.atomic
def agenda_build(*, meeting: Meeting, actor: User | None = None) -> int:
    """Add what belongs on the agenda and is not there yet; returns how many cases were added.

    A hub meeting takes the referrals accepted since the last meeting (not yet on any agenda)
    and every case whose actions are due for review. A Locality Management Group meeting takes
    the cases escalated to it and its own cases with actions due. Withdrawn consent keeps a
    case off every agenda.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.SCHEDULED:
        return 0
    district_cases = Referral.objects.filter(hub__district=meeting.district_id, consent__withdrawn_at__isnull=True)
    waiting_status = Referral.Status.ACCEPTED if meeting.kind == Meeting.Kind.HUB else Referral.Status.ESCALATED
    waiting_kind = AgendaItem.Kind.NEW if meeting.kind == Meeting.Kind.HUB else AgendaItem.Kind.ESCALATED
    new = district_cases.filter(status=waiting_status).exclude(Exists(_on_an_active_agenda(meeting.kind)))
    open_actions = Action.objects.filter(
        referral=OuterRef("pk"),
        review="",
        agreed_at__agenda_item__meeting__kind=meeting.kind,
        agreed_at__agenda_item__meeting__starts_at__lt=meeting.starts_at,
    )
    live = [Referral.Status.DISCUSSED] if meeting.kind == Meeting.Kind.HUB else [Referral.Status.ESCALATED]
    reviews = district_cases.filter(status__in=live).filter(Exists(open_actions))
    on_this = set(
        AgendaItem.objects.filter(meeting=meeting, removed_at__isnull=True).values_list("referral_id", flat=True)
    )
    added = 0
    position = _next_position(meeting)
    for kind, cases in (
        (waiting_kind, new.order_by("submitted_at", "pk")),
        (AgendaItem.Kind.REVIEW, reviews.order_by("pk")),
    ):
        for referral in cases:
            if referral.pk in on_this:
                continue
            AgendaItem.objects.create(meeting=meeting, referral=referral, kind=kind, position=position, added_by=actor)
            on_this.add(referral.pk)
            position += 1
            added += 1
    return added


@transaction.atomic
def agenda_add_other(*, actor: User, meeting: Meeting, title: str) -> AgendaItem:
    _require_coordinator(actor, meeting.district_id)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise DomainError("Items can only be added to a meeting that has not yet happened")
    if not title.strip():
        raise DomainError("Enter the item", field="title")
    return AgendaItem.objects.create(
        meeting=meeting,
        kind=AgendaItem.Kind.OTHER,
        title=title.strip()[:200],
        position=_next_position(meeting),
        added_by=actor,
    )


@transaction.atomic
def agenda_move(*, actor: User, item: AgendaItem, up: bool) -> None:
    """Swap an item with the one before (or after) it."""
    _require_coordinator(actor, item.meeting.district_id)
    items = list(
        AgendaItem.objects.select_for_update()
        .filter(meeting=item.meeting_id, removed_at__isnull=True)
        .order_by("position", "pk")
    )
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, agenda_item in enumerate(items, start=1):
        if agenda_item.position != position:
            AgendaItem.objects.filter(pk=agenda_item.pk).update(position=position)


@transaction.atomic
def agenda_remove(*, actor: User, item: AgendaItem, reason: str) -> None:
    """Take an item off the agenda (kept in the record). A case goes back to wait for the next meeting."""
    _require_coordinator(actor, item.meeting.district_id)
    if item.meeting.status != Meeting.Status.SCHEDULED:
        raise DomainError("Items can only be taken off a meeting that has not yet happened")
    if hasattr(item, "discussion"):
        raise DomainError("The case has been discussed at this meeting: it stays on the agenda")
    if not reason.strip():
        raise DomainError("Enter why the item comes off the agenda", field="reason")
    item.removed_at, item.removed_reason = timezone.now(), reason.strip()[:200]
    item._history_user = actor
    item.save()


# --- Minutes, actions, review, the decision ---------------------------------------------------


def _case_at(actor: User, item: AgendaItem) -> AgendaItem:
    item = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting__district", "referral")
        .get(pk=item.pk)
    )
    _require_coordinator(actor, item.meeting.district_id)
    if item.referral_id is None or item.removed_at is not None:
        raise DomainError("This item is not a case on the agenda")
    if item.meeting.status == Meeting.Status.CANCELLED:
        raise DomainError("The meeting was cancelled")
    if item.meeting.starts_at > timezone.now():
        raise DomainError("Minutes can be recorded once the meeting has started")
    consent = getattr(item.referral, "consent", None)
    if consent is None or consent.withdrawn_at is not None:
        raise DomainError("Consent for this case has been withdrawn: nothing more can be recorded about it")
    return item


def _held(meeting: Meeting, actor: User) -> None:
    if meeting.status == Meeting.Status.SCHEDULED:
        meeting.status = Meeting.Status.HELD
        meeting._history_user = actor
        meeting.save(update_fields=["status"])


@transaction.atomic
def discussion_record(
    *,
    actor: User,
    item: AgendaItem,
    present: Iterable[MeetingInvitee],
    others_present: str,
    discussion: str,
    strategies: str,
    parent_summary: str,
) -> CaseDiscussion:
    """The minutes of a case: who was there, what was discussed and the strategies agreed."""
    item = _case_at(actor, item)
    if not discussion.strip():
        raise DomainError("Enter a summary of the discussion", field="discussion")
    present = list(present)
    if any(invitee.meeting_id != item.meeting_id for invitee in present):
        raise DomainError("Choose people invited to this meeting", field="present")
    record = CaseDiscussion.objects.filter(agenda_item=item).first() or CaseDiscussion(
        agenda_item=item, referral=item.referral, recorded_by=actor
    )
    first_time = record.pk is None
    record.others_present, record.discussion, record.strategies = (
        others_present.strip(),
        discussion.strip(),
        strategies.strip(),
    )
    record.parent_summary = parent_summary.strip()
    record._history_user = actor
    record.save()
    if first_time:
        first_discussed_refresh([record.referral_id])
    record.present.set(present)
    _held(item.meeting, actor)
    return record


def first_discussed_refresh(referral_ids: Iterable[int] | None = None) -> int:
    """1 query: set the referrals' `first_discussed_at`, the start of the earliest meeting that
    discussed each (None if none did), from their discussions; all referrals when no ids are given.

    Called by `discussion_record` for a new discussion, and by the scale seeder after its bulk inserts.
    """
    first = (
        CaseDiscussion.objects.filter(referral=OuterRef("pk"))
        .order_by("agenda_item__meeting__starts_at")
        .values("agenda_item__meeting__starts_at")[:1]
    )
    referrals = Referral.objects.all() if referral_ids is None else Referral.objects.filter(pk__in=list(referral_ids))
    return referrals.update(first_discussed_at=Subquery(first))


def _discussion(actor: User, item: AgendaItem) -> CaseDiscussion:
    item = _case_at(actor, item)
    record = CaseDiscussion.objects.filter(agenda_item=item).first()
    if record is None:
        raise DomainError("Record the discussion first")
    return record


def action_owner_choices(referral: Referral) -> list[User]:
    """The accounts an action on this case may be given to: the hub's coordinators and panel members
    and the referring school's SENCos, each only if the access policy lets them see the case."""
    people = (
        User.objects.filter(is_active=True)
        .filter(
            Exists(
                Membership.objects.current().filter(
                    Q(role__in=[Role.HUB_COORDINATOR, Role.PANEL_MEMBER], district=referral.hub.district_id)
                    | Q(role=Role.SENCO, school=referral.school_id),
                    user=OuterRef("pk"),
                )
            )
        )
        .order_by("full_name", "pk")
    )
    return [person for person in people if access.can(person, referral, access.VIEW)]


@transaction.atomic
def action_add(
    *,
    actor: User,
    item: AgendaItem,
    description: str,
    owner: str,
    agency: str,
    due_on: date,
    owner_user: User | None = None,
) -> Action:
    record = _discussion(actor, item)
    if owner_user is not None and owner_user not in action_owner_choices(record.referral):
        raise DomainError("Choose an account of someone who may see this case", field="owner_user")
    owner = owner.strip() or (owner_user.full_name if owner_user else "")
    if not owner:
        raise DomainError("Enter who will do it", field="owner")
    if record.outcome == CaseDiscussion.Outcome.CLOSE:
        raise DomainError("The case was closed at this meeting: no more actions can be agreed")
    if agency not in Action.Agency.values:
        raise DomainError("Choose which agency will do it", field="agency")
    if due_on < timezone.localtime(record.agenda_item.meeting.starts_at).date():
        raise DomainError("The action must be due after the meeting", field="due_on")
    action = Action(
        referral=record.referral,
        agreed_at=record,
        description=description.strip(),
        owner=owner,
        owner_user=owner_user,
        agency=agency,
        due_on=due_on,
    )
    action._history_user = actor
    action.save()
    return action


def open_actions_for(item: AgendaItem):
    """Actions of this case agreed at earlier meetings and not yet reviewed."""
    return Action.objects.filter(
        referral=item.referral_id,
        review="",
        agreed_at__agenda_item__meeting__starts_at__lt=item.meeting.starts_at,
    ).select_related("agreed_at__agenda_item__meeting")


@transaction.atomic
def actions_review(*, actor: User, item: AgendaItem, reviews: dict[int, tuple[str, str]]) -> int:
    """At the next meeting, each earlier action: worked, partly worked, did not work or not done."""
    record = _discussion(actor, item)
    due = {action.pk: action for action in open_actions_for(record.agenda_item)}
    if not reviews or any(pk not in due for pk in reviews):
        raise DomainError("Review the actions agreed at earlier meetings for this case")
    for pk, (outcome, note) in reviews.items():
        if outcome not in Action.Review.values:
            raise DomainError("Select how each action went")
        action = due[pk]
        action.review, action.review_note, action.reviewed_at = outcome, note.strip(), record
        action._history_user = actor
        action.save()
    return len(reviews)


@transaction.atomic
def case_decide(*, actor: User, item: AgendaItem, outcome: str, note: str = "") -> CaseDiscussion:
    """What happens next: the case continues, closes (needs met) or goes to the Locality Management Group."""
    record = _discussion(actor, item)
    meeting = record.agenda_item.meeting
    referral = (
        Referral.objects.select_for_update(of=("self",)).select_related("school", "hub").get(pk=record.referral_id)
    )
    if outcome not in CaseDiscussion.Outcome.values:
        raise DomainError("Select what happens next", field="outcome")
    if outcome == CaseDiscussion.Outcome.ESCALATE and meeting.kind == Meeting.Kind.LMG:
        raise DomainError("The Locality Management Group decides here: continue or close the case", field="outcome")
    if open_actions_for(record.agenda_item).exists():
        raise DomainError("Review the actions agreed at the last meeting before deciding what happens next")
    record.outcome, record.outcome_note = outcome, note.strip()
    record._history_user = actor
    record.save()
    if outcome == CaseDiscussion.Outcome.CLOSE:
        referral.status, title = Referral.Status.CLOSED, "Closed: the child's needs are being met"
    elif outcome == CaseDiscussion.Outcome.ESCALATE:
        referral.status, title = Referral.Status.ESCALATED, "Escalated to the Locality Management Group"
    else:
        referral.status = Referral.Status.DISCUSSED if meeting.kind == Meeting.Kind.HUB else Referral.Status.ESCALATED
        title = f"Discussed at the {meeting.get_kind_display()}: actions to review next time"
    referral._history_user = actor
    referral.save()
    ReferralEvent.objects.create(referral=referral, actor=actor, status=referral.status, title=title, note=note.strip())
    if outcome == CaseDiscussion.Outcome.ESCALATE:
        # The Locality Management Group holds the case now: it leaves every panel meeting still
        # to come (the record of the meetings that held it stays).
        AgendaItem.objects.filter(
            referral=referral,
            removed_at__isnull=True,
            meeting__kind=Meeting.Kind.HUB,
            meeting__status=Meeting.Status.SCHEDULED,
            meeting__starts_at__gt=meeting.starts_at,
        ).update(removed_at=timezone.now(), removed_reason="Escalated to the Locality Management Group")
    next_kind = Meeting.Kind.LMG if outcome == CaseDiscussion.Outcome.ESCALATE else meeting.kind
    if outcome != CaseDiscussion.Outcome.CLOSE:
        upcoming = (
            Meeting.objects.filter(
                district=meeting.district_id,
                kind=next_kind,
                status=Meeting.Status.SCHEDULED,
                starts_at__gt=meeting.starts_at,
            )
            .order_by("starts_at")
            .first()
        )
        if upcoming is not None:
            kind = AgendaItem.Kind.ESCALATED if outcome == CaseDiscussion.Outcome.ESCALATE else AgendaItem.Kind.REVIEW
            agenda_add_case(meeting=upcoming, referral=referral, kind=kind, actor=actor)
    notify(
        users=sencos_of(referral),
        message=f"The {meeting.get_kind_display()} discussed a referral from {referral.school.name}",
        url=reverse("referrals:detail", kwargs={"pk": referral.pk}),
        email_subject="A referral was discussed",
        kind="referral",
    )
    return record


def half_term_warnings(
    *, district: District, label: str, kind: str = Meeting.Kind.HUB
) -> list[tuple[HalfTermDates, int]]:
    """Each half term of the year with how many meetings it has (the page warns at 0 and at 2 or more)."""
    from sendhub.calendar.selectors import half_terms

    counts: dict[int, int] = {}
    for number in (
        Meeting.objects.filter(district=district, kind=kind, academic_year=label)
        .exclude(status=Meeting.Status.CANCELLED)
        .values_list("half_term", flat=True)
    ):
        counts[number] = counts.get(number, 0) + 1
    return [(term, counts.get(term.number, 0)) for term in half_terms(label, district.local_authority)]
