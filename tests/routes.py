"""Every route of the portal, and what each persona gets from it.

This table is the route-by-role matrix. `tests/test_access_matrix.py` asks every route
for every persona with GET and POST and compares the status; a URL pattern missing from
this table fails the suite. `tests/browser/test_every_page.py` visits every page a
persona may see and scans it with axe-core.

Expectations: an HTTP status, or LOGIN (a redirect to the sign-in page).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from tests.world import PERSONAS, World

LOGIN = "login"
STAFF = ["senco_a", "senco_b", "head_a", "coordinator", "panel", "la_officer", "trust_lead", "admin", "outsider"]
SIGNED_IN = [*STAFF, "parent"]

Expect = dict[str, int | str]


def everyone(status: int | str) -> Expect:
    return {persona: status for persona in PERSONAS}


def signed_in(status: int | str, *, anonymous: int | str = LOGIN) -> Expect:
    return {**everyone(status), "anonymous": anonymous}


def only(allowed: Iterable[str], status: int | str = 200, *, others: int | str = 404,
         anonymous: int | str = LOGIN, **exceptions: int | str) -> Expect:
    """`allowed` get `status`; other signed-in people `others`; anonymous visitors sign in first."""
    expect = {persona: others for persona in PERSONAS}
    expect.update({persona: status for persona in allowed})
    expect["anonymous"] = anonymous
    expect.update(exceptions)
    return expect


def no_kwargs(world: World) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Route:
    get: Expect
    post: Expect = field(default_factory=lambda: everyone(405))
    kwargs: Callable[[World], dict[str, Any]] = no_kwargs
    # An HTML page to scan with axe-core (False for files, JSON and pure actions).
    page: bool = True
    # An empty POST re-renders the page with a GOV.UK error summary (the crawl scans that too).
    validates: bool = False
    # Query string added to the URL (e.g. a search) for the crawl and the matrix.
    query: str = ""


def _reset_link(world: World) -> dict[str, Any]:
    # A well-formed but invalid token: the page must say the link has expired.
    return {"uidb64": "MQ", "token": "set-password"}


MATRIX: dict[str, Route] = {
    # --- The core ------------------------------------------------------------------
    "home": Route(get=everyone(200)),
    "login": Route(
        get={**everyone(302), "anonymous": 200},
        post={**everyone(302), "anonymous": 200},
        validates=True,
    ),
    "logout": Route(get=everyone(405), post=everyone(302), page=False),
    "password_reset": Route(get=everyone(200), post=everyone(200), validates=True),
    "password_reset_done": Route(get=everyone(200)),
    "password_reset_confirm": Route(get=everyone(200), post=everyone(200), kwargs=_reset_link),
    "password_reset_complete": Route(get=everyone(200)),
    "accessibility": Route(get=everyone(200)),
    "privacy": Route(get=everyone(200)),
    "healthz": Route(get=everyone(200), page=False),
    # The Django admin: staff only. Its other routes are Django's own, guarded the same
    # way; tests/sendhub/test_admin.py checks every registered model's list for every persona.
    "admin:index": Route(get={**everyone(302), "admin": 200}, post={**everyone(302), "admin": 200}, page=False),
}
