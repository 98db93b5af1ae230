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


# --- EHC (pupils/urls_ehc.py) ------------------------------------------------------------
# The demo EHC cases are at school A (pupils/demo_ehc.py) and linked to no parent account.
EHC_READERS = ["senco_a", "la_officer", "trust_lead", "admin"]  # policy "ehc" VIEW at school A
EHC_READ_ONLY = {"senco_a": 403, "trust_lead": 403, "admin": 403}  # may see, may not record steps
EHC_CASELOAD = ["la_officer", "admin", "outsider"]  # LA officers (the outsider's LA has no cases) and admins


def _ehc_kwargs(name: str) -> Callable[[World], dict[str, Any]]:
    return lambda world: {"pk": world.objects[name].pk}


def _ehc_step(record: str, *, validates: bool = True, valid_empty_post: int = 200) -> Route:
    """A step form of the local authority: SENCo, trust lead and admin may read the case but not record steps.

    `validates=False` where the demo record already has the step, so the browser sends a filled-in
    form (the same form is scanned with its errors on another route).
    """
    return Route(
        get=only(["la_officer"], **EHC_READ_ONLY),
        post=only(["la_officer"], valid_empty_post, **EHC_READ_ONLY),
        kwargs=_ehc_kwargs(record),
        validates=validates,
    )


def _ehc_advice(record: str) -> Route:
    advisers = {"senco_a": 200, "trust_lead": 403, "admin": 403}
    return Route(
        get=only(["la_officer"], **advisers), post=only(["la_officer"], **advisers), kwargs=_ehc_kwargs(record),
        validates=True,
    )


def _ehc_page(record: str) -> Route:
    return Route(get=only(EHC_READERS), kwargs=_ehc_kwargs(record))


EHC_CASELOAD_ROUTE = Route(get=only(EHC_CASELOAD, others=403))


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
    # --- EHC (pupils/urls_ehc.py; helpers above MATRIX, demo records in tests/world_objects.py) ---
    "pupils:ehc_caseload": EHC_CASELOAD_ROUTE,
    "pupils:ehc_reviews_due": EHC_CASELOAD_ROUTE,
    "pupils:ehc_timeliness": EHC_CASELOAD_ROUTE,
    "pupils:ehc_request": _ehc_step("ehc_pupil_for_request"),
    "pupils:ehc_assessment": _ehc_page("ehc_assessing"),
    "pupils:ehc_assessment_request": _ehc_step("ehc_awaiting", validates=False),  # the form of ehc_request
    "pupils:ehc_assessment_decision": _ehc_step("ehc_awaiting"),
    "pupils:ehc_assessment_not_to_issue": _ehc_step("ehc_assessing"),
    "pupils:ehc_assessment_draft": _ehc_step("ehc_assessing"),
    "pupils:ehc_assessment_comments": _ehc_step("ehc_draft"),
    "pupils:ehc_assessment_consultation": _ehc_step("ehc_assessing"),
    "pupils:ehc_assessment_final": _ehc_step("ehc_draft"),
    "pupils:ehc_exception_add": _ehc_step("ehc_assessing"),
    "pupils:ehc_assessment_advice_add": _ehc_advice("ehc_assessing"),
    "pupils:ehc_plan": _ehc_page("ehc_plan_naming_hub"),
    # An empty form clears the phase transfer: a valid POST that redirects.
    "pupils:ehc_plan_transfer": _ehc_step("ehc_plan_with_transfer", validates=False, valid_empty_post=302),
    "pupils:ehc_review_add": _ehc_step("ehc_plan_naming_hub"),
    "pupils:ehc_review": _ehc_page("ehc_review_amended"),
    "pupils:ehc_review_meeting": _ehc_step("ehc_review_transfer", validates=False),  # the form of ehc_review_add
    "pupils:ehc_review_report": _ehc_step("ehc_review_transfer"),
    "pupils:ehc_review_decision": _ehc_step("ehc_review_transfer"),
    "pupils:ehc_review_notice": _ehc_step("ehc_review_transfer"),
    "pupils:ehc_review_amended_plan": _ehc_step("ehc_review_transfer"),
    "pupils:ehc_review_advice_add": _ehc_advice("ehc_review_transfer"),
}
