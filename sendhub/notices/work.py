""" "Your work": what is due or overdue for a person, counted and linked, at the top of their home page.

Apps add items by registering a provider in their AppConfig.ready (the core never imports them):

    from sendhub.notices.work import WorkItem, register_work

    @register_work
    def my_items(user, roles, today):
        if Role.SENCO in roles:
            yield WorkItem("Reviews due", count, url, overdue=False)

A provider gets the user, their current memberships grouped by role ({role: [Membership, ...]}) and
today, and yields WorkItems; items counting nothing are not shown. Providers query with counts only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class WorkItem:
    text: str  # what, e.g. "EHC annual reviews overdue"
    count: int
    url: str
    overdue: bool = False
    # Extra words after the count, e.g. the date of the next meeting (no child's details).
    detail: str = ""


WorkProvider = Callable[[Any, dict[str, list], date], Iterable[WorkItem]]
_providers: list[WorkProvider] = []


def register_work(provider: WorkProvider) -> WorkProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def work_for(user: Any, memberships: Iterable[Any], today: date, *, unread: int | None = None) -> list[WorkItem]:
    """The person's work items: their unread notices first (`unread`, when the caller has counted
    them), then each provider's, in the order they registered."""
    roles: dict[str, list] = defaultdict(list)
    for membership in memberships:
        roles[membership.role].append(membership)
    if unread is None:
        from sendhub.models import Notification

        unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    items: list[WorkItem] = [WorkItem("Unread notices", unread, reverse("notices:list"))] if unread else []
    for provider in _providers:
        items.extend(item for item in provider(user, dict(roles), today) if item.count)
    return items
