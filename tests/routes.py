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


def scoped(allowed: Iterable[str], *, forbidden: Iterable[str] = (), status: int | str = 200) -> Expect:
    """A record of school A: `allowed` get `status`, `forbidden` may see it but not do this (403),
    everyone else gets a 404 exactly as if it did not exist."""
    return only(allowed, status, **{persona: 403 for persona in forbidden})


def pk(name: str) -> Callable[[World], dict[str, Any]]:
    return lambda world: {"pk": world.objects[name].pk}


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


# Who keeps pupil records somewhere (the outsider keeps them at another authority's school).
KEEPERS_ANYWHERE = only(["senco_a", "senco_b", "la_officer", "outsider"], others=403)
# Pupil A's record: who reads it, who changes it, who may only look.
PUPIL_A_READERS = ["senco_a", "la_officer", "trust_lead", "parent", "admin"]
PUPIL_A_EDIT = scoped(["senco_a", "la_officer"], forbidden=["trust_lead", "parent", "admin"])
CONTACT_A_EDIT = scoped(["senco_a", "la_officer"], forbidden=["admin"])
SUPPORT_A_EDIT = scoped(["senco_a"], forbidden=["la_officer", "trust_lead", "parent", "admin"])


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
    # --- Pupils and SEN support (issue 4) -------------------------------------------
    # Pupil A is Maya Thornton at school A; her parent is parent@example.org.
    **{
        name: Route(get=signed_in(200), post=signed_in(405))
        for name in ["pupils:list"]
    },
    **{
        name: Route(get=KEEPERS_ANYWHERE, post=KEEPERS_ANYWHERE, validates=True)
        for name in ["pupils:add", "pupils:import"]
    },
    "pupils:import_preview": Route(
        get=scoped(["senco_a", "la_officer"], forbidden=["trust_lead", "admin"]),
        post=scoped(["senco_a", "la_officer"], forbidden=["trust_lead", "admin"], status=302),
        kwargs=pk("import_a"),
    ),
    "pupils:detail": Route(get=scoped(PUPIL_A_READERS), post=signed_in(405), kwargs=pk("pupil_a")),
    **{
        name: Route(get=PUPIL_A_EDIT, post=PUPIL_A_EDIT, kwargs=pk("pupil_a"), validates=True)
        for name in ["pupils:edit", "pupils:contact_add"]
    },
    "pupils:contact_edit": Route(get=CONTACT_A_EDIT, post=CONTACT_A_EDIT, kwargs=pk("contact_a"), validates=True),
    **{
        name: Route(get=CONTACT_A_EDIT, post={**CONTACT_A_EDIT, "senco_a": 302, "la_officer": 302}, kwargs=pk("contact_a"))
        for name in ["pupils:contact_remove", "pupils:contact_account"]
    },
    **{
        name: Route(get=SUPPORT_A_EDIT, post=SUPPORT_A_EDIT, kwargs=pk("pupil_a"), validates=True)
        for name in ["pupils:cycle_start", "pupils:meeting_add"]
    },
    "pupils:cycle": Route(get=scoped(PUPIL_A_READERS), post=signed_in(405), kwargs=pk("cycle_a")),
    **{
        name: Route(get=SUPPORT_A_EDIT, post=SUPPORT_A_EDIT, kwargs=pk("cycle_a"), validates=True)
        for name in ["pupils:cycle_plan", "pupils:outcome_add", "pupils:provision_add", "pupils:cycle_review"]
    },
    "pupils:outcome_remove": Route(
        get=signed_in(405), post={**SUPPORT_A_EDIT, "senco_a": 302}, kwargs=pk("outcome_a"), page=False
    ),
    "pupils:provision_remove": Route(
        get=signed_in(405), post={**SUPPORT_A_EDIT, "senco_a": 302}, kwargs=pk("provision_a"), page=False
    ),
    # --- GIAS import (issue 5): the schools register -----------------------------------
    # Administrators and LA officers (the outsider is an officer of another authority) may
    # upload; an empty POST shows the GOV.UK error. The result is the LA officer's import for
    # Wessex (990): the outsider's authority cannot see it.
    "hubs:gias_import": Route(
        get=only(["la_officer", "outsider", "admin"], others=403),
        post=only(["la_officer", "outsider", "admin"], others=403),
        validates=True,
    ),
    "hubs:gias_import_result": Route(
        get=only(["la_officer", "admin"]), post=signed_in(405), kwargs=pk("gias_import_a"),
    ),
}
