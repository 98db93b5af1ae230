"""Reads of the schools register with rules of their own: finding a school by its name or URN."""

from __future__ import annotations

import re

from django.db.models import QuerySet

from sendhub.models import School

# A 6-digit URN anywhere in what was typed: "990101", or a chosen suggestion "Lowford Primary (URN 990101)".
URN_IN_TEXT = re.compile(r"(?<!\d)(\d{6})(?!\d)")


def school_label(school: School) -> str:
    """How a school is offered and typed back: its name and URN, which the forms resolve exactly."""
    return f"{school.name} (URN {school.urn})"


def schools_matching(schools: QuerySet[School], text: str) -> QuerySet[School]:
    """The schools among `schools` that `text` names: by URN if it holds one, else every word in the name."""
    text = " ".join(text.split())
    if not text:
        return schools.none()
    urn = URN_IN_TEXT.search(text)
    if urn:
        return schools.filter(urn=urn.group(1))
    for word in text.split()[:6]:
        schools = schools.filter(name__icontains=word)
    return schools


def schools_typed_in_filter(
    schools: QuerySet[School], text: str, max_length: int | None = None
) -> QuerySet[School] | None:
    """The schools among `schools` a list's typed school filter means; None when nothing was typed.

    Digits alone are a URN (exactly), as is a chosen suggestion ("Lowford Primary (URN 990101)");
    anything else is a part of the school's name, as typed.
    """
    text = " ".join(text.split())[:max_length]
    if not text:
        return None
    compact = text.replace(" ", "")
    urn = URN_IN_TEXT.search(text)
    if compact.isdigit() or urn:
        return schools.filter(urn=urn.group(1) if urn else compact)
    return schools.filter(name__icontains=text)


def school_candidates(schools: QuerySet[School], text: str) -> list[School]:
    """At most two schools `text` could mean (two: it is ambiguous). A name typed in full wins."""
    matches = schools_matching(schools, text)
    exact = list(matches.filter(name__iexact=" ".join(text.split()))[:2])
    return exact if len(exact) == 1 else list(matches.order_by("name")[:2])
