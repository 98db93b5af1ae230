"""Reminders for SEN support, to the school's SENCos, each once: reviews coming up (and once overdue),
and pupils with fewer than three meetings with parents this year as the summer term starts.

Set-based (sendhub.notices.sweep): one INSERT ... SELECT per rule. The notice names no pupil.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import DateField, F, Q, QuerySet, Value

from pupils.models import Pupil, SupportCycle
from pupils.support.selectors import PARENT_MEETINGS_PER_YEAR, with_flags
from sendhub.calendar import half_terms
from sendhub.dates import academic_year, academic_year_bounds
from sendhub.models import Role
from sendhub.notices.sweep import event, link, publish, remind, reminder_rows, sweep_begin, text

SUMMER_TERM = 5  # the fifth half term starts the summer term


def _sencos(queryset: QuerySet, *, school: str, today: date, **row) -> QuerySet:
    memberships = f"{school}__memberships"
    rows = queryset.filter(
        Q(**{f"{memberships}__role": Role.SENCO, f"{memberships}__user__is_active": True})
        & (Q(**{f"{memberships}__ended_on__isnull": True}) | Q(**{f"{memberships}__ended_on__gt": today}))
    )
    return reminder_rows(rows, user=f"{memberships}__user_id", **row)


def review_rules(today: date) -> list[QuerySet]:
    open_ = SupportCycle.objects.filter(reviewed_on__isnull=True, review_date__isnull=False)
    soon = open_.filter(review_date__lte=today + timedelta(days=settings.REMINDER_LEAD_DAYS["sen_support_review"]))
    overdue = open_.filter(review_date__lt=today)
    return [
        _sencos(
            queryset,
            school="pupil__school",
            today=today,
            event=event(key),
            due=F("review_date"),
            message=text(words, F("pupil__school__name")),
            url=link("pupils:cycle"),
        )
        for key, queryset, words in (
            ("sen-review", soon, "A SEN support review is due: a pupil at "),
            ("sen-review-overdue", overdue, "A SEN support review is overdue: a pupil at "),
        )
    ]


def parent_meeting_rules(today: date) -> list[QuerySet]:
    """From the first day of the summer term (England's dates) to the end of the year, once a year."""
    label = academic_year(today)
    summer = next((term for term in half_terms(label) if term.number == SUMMER_TERM), None)
    end = academic_year_bounds(label)[1]
    if summer is None or not (summer.starts_on <= today <= end):
        return []
    # The pupil's own count for this academic year (kept by the services that write meetings).
    pupils = with_flags(Pupil.objects.filter(sen_provision="K"), today=today)
    pupils = pupils.filter(meetings_this_year__lt=PARENT_MEETINGS_PER_YEAR)
    return [
        _sencos(
            pupils,
            school="school",
            today=today,
            event=event("sen-parent-meetings"),
            due=Value(end, output_field=DateField()),
            message=text("Fewer than three meetings with parents this year: a pupil at ", F("school__name")),
            url=link("pupils:detail"),
        )
    ]


@transaction.atomic
def sen_support_reminders_send(*, today: date) -> int:
    """Write the SEN support reminders that are due and not yet written, and publish them. Returns how many."""
    sweep_begin()
    new = sum(remind(rows, kind="sen_support") for rows in review_rules(today) + parent_meeting_rules(today))
    publish()
    return new
