"""Reads of pupil records with rules of their own."""

from __future__ import annotations

import re

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet

from pupils.models import Contact, Pupil
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
