"""The home page's block: two or three headline figures of each dashboard the person opens."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from dashboards.dashboard import headline_cards
from dashboards.scope import KIND_MODELS, Scope, dashboards_for
from dashboards.selectors import Filters
from sendhub.dates import academic_year
from sendhub.navigation import HOME_BLOCKS

# At most this many dashboards on the home page (administrators open theirs from /dashboards/).
HOME_DASHBOARDS = 3


def headline_block(request: HttpRequest) -> dict[str, Any] | None:
    user = request.user
    today = timezone.localdate()
    boards = []
    for kind, ids in dashboards_for(user).items():
        if not ids:
            continue  # no query to build (an officer opens an authority's board, no trust's or school's)
        for org in KIND_MODELS[kind].objects.filter(pk__in=ids[:HOME_DASHBOARDS]):
            if len(boards) >= HOME_DASHBOARDS:
                break
            scope = Scope(kind, org)
            # Only the queries the cards need, not the dashboard's (the LA's counts the whole county).
            cards = headline_cards(user, scope, Filters(year=academic_year(today)), today)
            boards.append(
                {"name": scope.name, "cards": cards[:3], "url": reverse("dashboards:show", args=[kind, org.pk])}
            )
    return {"template": "dashboards/_home_headlines.html", "boards": boards} if boards else None


HOME_BLOCKS.append(headline_block)
