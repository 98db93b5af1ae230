"""Reminders of EHC deadlines: one set-based sweep, each reminder once, to the person who owns the case.

The owner is the case's named officer; while none is named, every officer of the pupil's local authority.
Each rule is one INSERT ... SELECT per owner path (sendhub.notices.sweep): the number of statements does
not grow with the plans, and the unique key (person, event, due date) makes a second run write nothing.
Notices name no pupil (special-category data): "a pupil at <school>" and a link behind the sign-in.
Lead times are in settings.REMINDER_LEAD_DAYS.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, CharField, DateField, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Concat

from pupils.ehc.selectors import OPEN_ASSESSMENT, current_plan_q
from pupils.models import AnnualReview, EHCAssessment, EHCException, EHCPlan
from sendhub.models import Role
from sendhub.notices.sweep import AddDays, event, link, publish, remind, reminder_rows, sweep_begin, text


def lead(name: str) -> int:
    return settings.REMINDER_LEAD_DAYS[name]


def _owners(queryset: QuerySet, *, case: str, pupil: str, today: date, **row) -> list[QuerySet]:
    """The rows for the case's named officer, and for every officer of the authority where none is named."""
    memberships = f"{pupil}__school__local_authority__memberships"
    named = queryset.filter(**{f"{case}__isnull": False, f"{case}__is_active": True})
    unnamed = queryset.filter(
        Q(**{f"{case}__isnull": True})
        & Q(**{f"{memberships}__role": Role.LA_OFFICER, f"{memberships}__user__is_active": True})
        & (Q(**{f"{memberships}__ended_on__isnull": True}) | Q(**{f"{memberships}__ended_on__gt": today}))
    )
    return [
        reminder_rows(named, user=f"{case}_id", **row),
        reminder_rows(unnamed, user=f"{memberships}__user_id", **row),
    ]


def _school(pupil: str):
    return F(f"{pupil}__school__name")


def assessment_rules(today: date) -> list[tuple[str, list[QuerySet]]]:
    """6-week decision, 16-week notice, 20-week final plan: from `lead` days before each is due."""
    days = lead("ehc_assessment")
    open_ = EHCAssessment.objects.filter(OPEN_ASSESSMENT)
    rules = [
        (
            "ehc-decide",
            42,
            open_.filter(decision=""),
            "Decide whether to assess: EHC needs assessment for a pupil at ",
        ),
        (
            "ehc-notice",
            16 * 7,
            open_.filter(decision=EHCAssessment.Decision.ASSESS, draft_served_on__isnull=True),
            "Tell the family whether a plan will be issued (16 weeks): a pupil at ",
        ),
        (
            "ehc-final",
            20 * 7,
            open_.filter(~Exists(EHCException.objects.filter(assessment=OuterRef("pk")))),
            "Issue the final EHC plan (20 weeks): a pupil at ",
        ),
    ]
    result = []
    for key, offset, queryset, words in rules:
        due_soon = queryset.filter(request_received_on__lte=today + timedelta(days=days - offset))
        rows = _owners(
            due_soon,
            case="case_officer",
            pupil="pupil",
            today=today,
            event=event(key),
            due=AddDays(F("request_received_on"), offset),
            message=text(words, _school("pupil")),
            url=link("pupils:ehc_assessment"),
        )
        result.append(("ehc_deadline", rows))
    return result


def review_rules(today: date) -> list[tuple[str, list[QuerySet]]]:
    """Annual reviews with no meeting arranged: 8 and 2 weeks before they are due, and once overdue.

    One statement per owner path: the plans due within 8 weeks or overdue are an index range on their
    maintained next_review_due (a plan with a meeting arranged is due a year after it, beyond every
    horizon), so no plan's reviews are read. Each plan gets the reminder of the window it is in now
    (more than 2 weeks away, within 2 weeks, overdue): a review found already overdue is not also
    reminded as due in 8 and in 2 weeks.
    """
    soon = today + timedelta(days=lead("ehc_review_second"))
    window = Case(
        When(next_review_due__lt=today, then=Value("ehc-review-overdue:")),
        When(next_review_due__lte=soon, then=Value("ehc-review-2w:")),
        default=Value("ehc-review-8w:"),
        output_field=CharField(),
    )
    words = Case(
        When(next_review_due__lt=today, then=Value("An EHC plan's annual review is overdue")),
        default=Value("An EHC plan's annual review is due"),
        output_field=CharField(),
    )
    plans = EHCPlan.objects.filter(
        current_plan_q(today), next_review_due__lte=today + timedelta(days=lead("ehc_review_first"))
    )
    rows = _owners(
        plans,
        case="case_officer",
        pupil="pupil",
        today=today,
        event=Concat(window, Cast("pk", CharField()), output_field=CharField()),
        due=F("next_review_due"),
        message=text(words, ": a pupil at ", _school("pupil")),
        url=link("pupils:ehc_plan"),
    )
    return [("ehc_review", rows)]


def followup_rules(today: date) -> list[tuple[str, list[QuerySet]]]:
    """After a review meeting: report (2 weeks), decision (4 weeks), amended plan (8 weeks from the
    amendment notice, 12 from the meeting)."""
    days = lead("ehc_assessment")
    reviews = AnnualReview.objects.filter(
        Q(plan__ceased_on__isnull=True) | Q(plan__ceased_on__gt=today), meeting_on__lte=today
    )
    amending = reviews.filter(decision=AnnualReview.Decision.AMEND, amended_plan_issued_on__isnull=True)
    rules = [
        ("ehc-report", reviews.filter(report_sent_on__isnull=True), "meeting_on", 14, "Send the annual review report"),
        ("ehc-decision", reviews.filter(decision_on__isnull=True), "meeting_on", 28, "Send the annual review decision"),
        (
            "ehc-amend-notice",
            amending.filter(amendment_notice_on__isnull=False),
            "amendment_notice_on",
            56,
            "Issue the amended EHC plan (8 weeks from the notice)",
        ),
        ("ehc-amend-meeting", amending, "meeting_on", 84, "Issue the amended EHC plan (12 weeks from the meeting)"),
    ]
    result = []
    for key, queryset, start, offset, words in rules:
        due_soon = queryset.filter(**{f"{start}__lte": today + timedelta(days=days - offset)})
        rows = _owners(
            due_soon,
            case="plan__case_officer",
            pupil="plan__pupil",
            today=today,
            event=event(key),
            due=AddDays(F(start), offset),
            message=text(words, ": a pupil at ", _school("plan__pupil")),
            url=link("pupils:ehc_plan", "plan_id"),
        )
        result.append(("ehc_deadline", rows))
    return result


def phase_transfer_rules(today: date) -> list[tuple[str, list[QuerySet]]]:
    """Reviews and amendments for a phase transfer: by 15 February (31 March to post-16)."""
    days = lead("ehc_phase_transfer")
    result = []
    for year in (today.year, today.year + 1):
        for post16, due in ((False, date(year, 2, 15)), (True, date(year, 3, 31))):
            if not (today <= due <= today + timedelta(days=days)):
                continue
            decided = AnnualReview.objects.filter(
                plan=OuterRef("pk"), is_phase_transfer=True, decision_on__gte=date(year - 1, 9, 1)
            )
            plans = EHCPlan.objects.filter(current_plan_q(today), transfer_year=year, transfer_to_post16=post16).filter(
                ~Exists(decided)
            )
            rows = _owners(
                plans,
                case="case_officer",
                pupil="pupil",
                today=today,
                event=event("ehc-phase-transfer"),
                due=Value(due, output_field=DateField()),
                message=text("Finish the phase transfer review and amendments: a pupil at ", _school("pupil")),
                url=link("pupils:ehc_plan"),
            )
            result.append(("ehc_deadline", rows))
    return result


@transaction.atomic
def ehc_reminders_send(*, today: date) -> int:
    """Write every EHC reminder that is due and not yet written, then publish them. Returns how many are new."""
    sweep_begin()
    new = 0
    for rules in (assessment_rules, review_rules, followup_rules, phase_transfer_rules):
        for kind, querysets in rules(today):
            for rows in querysets:
                new += remind(rows, kind=kind)
    publish()
    return new
