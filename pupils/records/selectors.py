"""Reads of pupil records with rules of their own."""

from __future__ import annotations

from django.db.models import QuerySet

from pupils.models import Contact
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
