"""Every page about one record names that record in its <title> (issue 18): "Change Maya Thornton's
details – Pupils – SEND Hub Portal", not "Change details – Pupils – SEND Hub Portal".

It renders every HTML page in tests/routes.py MATRIX whose URL names a record, as the first persona
the matrix lets see it, and looks for the record's name in the title: the child's name for anything
about a child, else the record's title or name (a meeting: its date). The browser crawl
(tests/browser/test_every_page.py) keeps titles unique; this keeps them meaningful.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pupils.models import Pupil
from sendhub.models import User
from tests.routes import MATRIX, Route
from tests.world import PERSONAS, World, build_world

# Arguments that name a record (a slug names a consultation; "step" or "kind" alone do not).
RECORD_KWARGS = {"pk", "slug", "pupil"}
# Pages whose argument is not a record of their own (a file, an organisation's dashboard, owned
# by the dashboards work) or that say who they are for in another way; each with why.
NOT_ABOUT_ONE_RECORD = {
    "password_reset_confirm": "a sign-in link, not a record",
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def record_of(route: Route, kwargs: dict[str, Any], world: World) -> Any:
    """The record the route's arguments name: the world's object its kwargs builder reads (by the
    name the matrix used), or, for a variant, the record of the same kind with the variant's key."""
    build = route.kwargs
    names = [cell.cell_contents for cell in build.__closure__ or () if isinstance(cell.cell_contents, str)]
    names += [c for c in build.__code__.co_consts if isinstance(c, str)] + list(build.__code__.co_names)
    keys = [value for key, value in kwargs.items() if key in RECORD_KWARGS]
    for name in names:
        obj = world.objects.get(name)
        if obj is None or not hasattr(obj, "_meta"):
            continue
        if obj.pk in keys or getattr(obj, "slug", None) in keys:
            return obj
        for attribute in names:  # e.g. {"pk": world.meeting_recent.district_id}: the meeting's district
            if attribute.endswith("_id") and getattr(obj, attribute, None) in keys:
                return getattr(obj, attribute.removesuffix("_id"))
        main = build(world)
        if main != kwargs and obj.pk in main.values():
            return type(obj)._base_manager.filter(pk__in=keys).first()
    return None


def _own_names(record: Any) -> list[str]:
    names = []
    for attribute in ("title", "name", "reference", "short_reference", "filename"):
        value = getattr(record, attribute, None)
        if isinstance(value, str) and value:
            names.append(value)
    return names


def _parents(record: Any) -> list[Any]:
    """The records this one belongs to (its foreign keys), people's accounts aside."""
    parents = []
    for field in record._meta.concrete_fields:
        if field.many_to_one and field.related_model is not User:
            parent = getattr(record, field.name, None)
            if parent is not None:
                parents.append(parent)
    return parents


def names_of(record: Any) -> list[str]:
    """What may name the record in a title: the child it is about (found through what it belongs to),
    its own title, name or reference, or the name of the record it belongs to. A meeting is known by
    its date (a hub meets every half term, so its name alone says nothing)."""
    starts = getattr(record, "starts_at", None)
    if isinstance(starts, datetime):
        return [f"{timezone.localtime(starts):%-d %B %Y}"]
    names, seen, level = [], set(), [record]
    for depth in range(4):
        following = []
        for item in level:
            if (item.__class__, item.pk) in seen:
                continue
            seen.add((item.__class__, item.pk))
            if isinstance(item, Pupil):
                names.insert(0, item.name)
            elif depth <= 2:
                names += _own_names(item)
            following += _parents(item)
        level = following
    return names or [str(record)]


def pages() -> list[str]:
    return sorted(
        name
        for name, route in MATRIX.items()
        if route.page and name not in NOT_ABOUT_ONE_RECORD and not name.startswith("dashboards:")
    )


@pytest.mark.parametrize("name", pages())
def test_the_title_of_a_page_about_a_record_names_it(name, world, client, db):
    route = MATRIX[name]
    failures = []
    for kwargs, expectations in route.pages(world):
        if not RECORD_KWARGS & kwargs.keys():
            continue
        persona = next((p for p in PERSONAS if expectations.get[p] == 200), None)
        if persona is None:
            continue
        record = record_of(route, kwargs, world)
        if record is None:
            failures.append(f"{name}: which world record are {kwargs} from? Name it in tests/world_objects.py")
            continue
        client.logout()
        if world.users[persona] is not None:
            client.force_login(world.users[persona])
        url = reverse(name, kwargs=kwargs) + (f"?{route.query}" if route.query else "")
        with transaction.atomic():
            response = client.get(url)
            transaction.set_rollback(True)
        assert response.status_code == 200, f"GET {url} as {persona}: {response.status_code}"
        title = html.unescape(re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)).strip()
        wanted = names_of(record)
        if not any(w in title for w in wanted):
            failures.append(f"{url} ({persona}): {title!r} names none of {wanted}")
    assert not failures, "\n".join(failures)
