"""Route by role: every URL pattern, every persona, GET and POST, against tests/routes.py."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.routes import LOGIN, MATRIX
from tests.world import PERSONAS, build_world

# Django's admin registers a route per model; the matrix holds its index and
# tests/sendhub/test_admin.py walks the rest.
ADMIN_NAMESPACE = "admin"


def route_names(patterns=None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace == ADMIN_NAMESPACE:
                names.add("admin:index")
                continue
            names |= route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            if not pattern.name:
                names.add(f"<unnamed {namespace}{pattern.pattern}>")
            else:
                names.add(f"{namespace}{pattern.name}")
    return names


def test_every_route_has_an_entry_in_the_matrix():
    missing = route_names() - MATRIX.keys()
    assert not missing, f"Add these routes to tests/routes.py MATRIX: {sorted(missing)}"


def test_the_matrix_names_no_route_that_does_not_exist():
    stale = MATRIX.keys() - route_names()
    assert not stale, f"Remove these from tests/routes.py MATRIX: {sorted(stale)}"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo world, seeded once for the module and rolled back at its end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _matches(response, expected) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))
    return response.status_code == expected


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_route_answers_each_persona_as_the_matrix_says(name, world, client, db):
    route = MATRIX[name]
    failures = []
    for kwargs, expectations in route.pages(world):
        url = reverse(name, kwargs=kwargs) + (f"?{route.query}" if route.query else "")
        failures += _check_route(client, world, expectations, url)
    assert not failures, "\n".join(failures)


def _check_route(client, world, route, url: str) -> list[str]:
    failures = []
    for persona in PERSONAS:
        user = world.users[persona]
        for method, expect in (("get", route.get), ("post", route.post)):
            client.logout()
            if user is not None:
                client.force_login(user)
            # Each request in its own rolled-back block: one persona's POST must not
            # change what the next one sees.
            with transaction.atomic():
                response = getattr(client, method)(url)
                transaction.set_rollback(True)
            expected = expect[persona]
            if not _matches(response, expected):
                got = response.status_code
                where = f" → {response['Location']}" if got in (301, 302) else ""
                failures.append(f"{method.upper()} {url} as {persona}: expected {expected}, got {got}{where}")
    return failures
