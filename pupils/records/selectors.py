"""Reads of pupil records with rules of their own."""

from __future__ import annotations

import re

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, Count, F, Q, QuerySet, Sum, When, Window
from django.utils import timezone
from django_filters.constants import EMPTY_VALUES

from pupils.models import Contact, Pupil, PupilCount
from pupils.records.upn import normalise_upn
from sendhub import access
from sendhub.models import User


def pending_links_for(user: User) -> QuerySet[Contact]:
    """Requests waiting for this account to confirm a link to a child's records.

    Not through the access policy, because nothing of the child is shared yet: the page
    shows only the school that asked and how it recorded the person (name, relationship).
    """
    return (
        Contact.objects.filter(pending_user=user, user__isnull=True, has_parental_responsibility=True)
        .select_related("pupil__school")
        .only("pk", "name", "relationship", "pending_since", "pupil__school__name")
        .order_by("pending_since", "pk")
    )


# A 13-character UPN anywhere in what was typed: "A123456789012", or a chosen suggestion
# "Maya Thornton, Year 5 (UPN A123456789012)".
UPN_IN_TEXT = re.compile(r"\b([A-Z]\d{11}[0-9A-Z])\b", re.IGNORECASE)


def pupil_label(pupil: Pupil) -> str:
    """How a pupil is offered and typed back: name, year and UPN, which the forms resolve exactly."""
    return f"{pupil.name}, {pupil.get_year_group_display()} (UPN {pupil.upn})"


def pupils_matching(pupils: QuerySet[Pupil], text: str) -> QuerySet[Pupil]:
    """The pupils among `pupils` (already scoped) that `text` names: by UPN, else every word in a name."""
    text = " ".join(text.split())
    if not text:
        return pupils.none()
    upn = UPN_IN_TEXT.search(text)
    if upn:
        return pupils.filter(upn=normalise_upn(upn.group(1)))
    as_upn = normalise_upn(text)
    if len(as_upn) >= 4 and as_upn[0].isalpha() and as_upn[1:4].isdigit():
        return pupils.filter(upn__startswith=as_upn)
    for word in text.split()[:5]:
        pupils = pupils.filter(
            Q(legal_first_name__icontains=word)
            | Q(legal_last_name__icontains=word)
            | Q(preferred_first_name__icontains=word)
            | Q(preferred_last_name__icontains=word)
        )
    return pupils


def pupil_candidates(pupils: QuerySet[Pupil], text: str) -> list[Pupil]:
    """At most two pupils `text` could mean (two: it is ambiguous)."""
    return list(pupils_matching(pupils, text).order_by("legal_last_name", "legal_first_name", "pk")[:2])


def referable_pupils(user: User) -> QuerySet[Pupil]:
    """The pupils the user may refer to a district hub: on the roll of a school where they may start one."""
    schools = access.schools_where(user, "referral", access.EDIT)
    return Pupil.objects.visible_to(user).filter(school__in=schools).select_related("school")


class BothEndsPaginator(Paginator):
    """Exact counts and numbered pages, with pages past the middle read from the end.

    OFFSET reads and discards every row before the page, so the last page of 60,000 pupils
    read 59,975 rows. Past the middle, the page is read in the reverse order with the offset
    counted from the end (the last page skips nothing) and put back in order. The order must be
    total (Pupil's Meta.ordering ends in the pk) so that both directions agree.

    Deep in the list (more than `defer_from` rows skipped even from the nearer end), the page is
    read in two steps (a deferred join): the page's primary keys, in order, which an index in the
    list's order answers without reading the rows it skips, then those rows (with their joins
    and annotations) by primary key. Near either end one query reads the page; deep in, two.
    """

    defer_from = 1000

    def __init__(self, *args, count: int | None = None, count_with_page: bool = False, **kwargs):
        """`count`: the list's exact count when already known (`kept_pupil_count`); else counted.

        `count_with_page`: when the list is all read and sorted anyway (a name search, whose
        matches the trigram indexes find), its count comes with the page's rows (`COUNT(*) OVER ()`)
        in one query rather than a second search for the same rows.
        """
        super().__init__(*args, **kwargs)
        self.count_with_page = count_with_page
        if count is not None:
            self.__dict__["count"] = count  # Paginator.count is a cached_property

    def get_page(self, number):
        rows = self.object_list
        if (
            not self.count_with_page
            or "count" in self.__dict__
            or self.orphans
            or not self.allow_empty_first_page
            or not (isinstance(rows, QuerySet) and rows.ordered)
        ):
            return super().get_page(number)
        try:  # as Paginator.validate_number reads it: not a whole number is page 1
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        bottom = (number - 1) * self.per_page
        if number < 1 or bottom >= self.defer_from:
            return super().get_page(number)
        found = list(rows.annotate(counted_with_page=Window(Count("*")))[bottom : bottom + self.per_page])
        if not found and number > 1:
            return super().get_page(number)  # past the end: counted, then the last page as usual
        self.__dict__["count"] = found[0].counted_with_page if found else 0
        return self._get_page(found, number, self)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if not (isinstance(rows, QuerySet) and rows.ordered):
            return self._get_page(rows[bottom:top], number, self)
        from_end = bottom > self.count // 2
        if from_end:
            ordered, start, stop = rows.reverse(), self.count - top, self.count - bottom
        else:
            ordered, start, stop = rows, bottom, top
        if start < self.defer_from:
            found = list(ordered[start:stop])
            if from_end:
                found.reverse()
            return self._get_page(found, number, self)
        pks = list(ordered.values_list("pk", flat=True)[start:stop])
        if from_end:
            pks.reverse()
        by_pk = {row.pk: row for row in rows.order_by().filter(pk__in=pks)} if pks else {}
        # A row removed between the two reads is left out rather than shown stale.
        return self._get_page([by_pk[pk] for pk in pks if pk in by_pk], number, self)


# The pupil list's filters a kept count answers: those that only involve the pupil's school,
# provision, needs and parent meetings (the filter's own lookups, run on PupilCount's same-named
# columns). A name or UPN typed, or a year group, is counted from the pupils.
_KEPT_FILTERS = ("provision", "need", "school")


def kept_pupil_count(user: User, filters, *, today=None) -> int | None:
    """The pupil list's exact count, summed from the counts kept per school (PupilCount), or None
    when it must be counted from the pupils (SQLite; a search or filter the counts do not hold; a
    scope not made of whole schools, such as a SENCo's hub places or a parent's children).

    The schools summed are the list's own scope from the one access policy
    (`PupilCount.objects.visible_to`, allowed only when `access.scoped_by_school`); the filters
    are the list's `PupilFilter`, applied as the list applies them (none when not valid).
    """
    if connection.vendor != "postgresql" or not access.scoped_by_school(Pupil, user, access.VIEW):
        return None
    counts = PupilCount.objects.visible_to(user, access.VIEW)
    few_meetings = False
    data = filters.form.cleaned_data if filters.is_bound and filters.is_valid() else {}
    for name, value in data.items():
        if name == "few_meetings":
            few_meetings = bool(value)
        elif value in EMPTY_VALUES:
            continue
        elif name in _KEPT_FILTERS:
            counts = filters.filters[name].filter(counts, value)
        else:
            return None
    if few_meetings:
        # As PupilFilter.filter_few_meetings on `with_flags`: EHC plan or SEN support, and fewer
        # than 3 meetings (PARENT_MEETINGS_PER_YEAR) counted this academic year (a count kept for
        # another year reads as 0).
        from sendhub.dates import academic_year_start_year

        start_year = academic_year_start_year(today or timezone.localdate())
        counted = Case(When(meetings_year=start_year, then=F("under_meetings_target")), default=F("pupils"))
        counts = counts.filter(sen_provision__in=["E", "K"])
    else:
        counted = F("pupils")
    return counts.aggregate(n=Sum(counted))["n"] or 0
