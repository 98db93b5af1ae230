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


# --- Consultations ---------------------------------------------------------------------
# The demo hub is at school A: its leader, its trust's SEND lead and its LA run its
# consultations. The draft is on the trust's own hub: only the trust (and admin) see it.
# The outsider holds leader and LA roles elsewhere: the staff list opens, empty.
# Forms that open filled in (changing something saved) are valid as they stand, so they are
# not `validates` for the crawl; an empty POST still re-renders them with their errors.
CONSULTATION_MANAGERS = ["head_a", "trust_lead", "la_officer", "admin", "outsider"]
HUB_A_OWNERS = ["head_a", "trust_lead", "la_officer", "admin"]
TRUST_HUB_OWNERS = ["trust_lead", "admin"]


def _consultation(name: str) -> Callable[[World], dict[str, Any]]:
    return lambda world: {"pk": world.objects[name].pk}


def _with_demo_files(kwargs: Callable[[World], dict[str, Any]]) -> Callable[[World], dict[str, Any]]:
    """For routes that serve a demo file. The matrix seeds its world once per module while each
    test gets its own MEDIA_ROOT (tests/conftest.py): put the files where this test's storage looks."""

    def build(world: World) -> dict[str, Any]:
        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage

        for name, content in world.demo_files.items():
            if not default_storage.exists(name):
                default_storage.save(name, ContentFile(content))
        return kwargs(world)

    return build


def _confirmation(world: World) -> dict[str, Any]:
    from django.core import signing

    from consultations.views import CONFIRMATION_SALT

    consultation = world.consultation_open
    token = signing.dumps({"r": "CN-7K3P-Q9XD", "e": True}, salt=f"{CONFIRMATION_SALT}.{consultation.pk}")
    return {"slug": consultation.slug, "token": token}


CONSULTATION_ROUTES: dict[str, Route] = {
    # Public pages: no sign-in.
    "consultations:public_list": Route(get=everyone(200)),
    "consultations:public_detail": Route(get=everyone(200), kwargs=lambda w: {"slug": w.consultation_closed.slug}),
    "consultations:public_respond": Route(
        get=everyone(200), post=everyone(200), validates=True, kwargs=lambda w: {"slug": w.consultation_open.slug}
    ),
    "consultations:public_confirmation": Route(get=everyone(200), kwargs=_confirmation),
    "consultations:public_privacy": Route(get=everyone(200), kwargs=lambda w: {"slug": w.consultation_open.slug}),
    "consultations:public_document": Route(
        get=everyone(200), page=False,
        kwargs=_with_demo_files(lambda w: {"slug": w.consultation_open.slug, "document_pk": w.open_document.pk}),
    ),
    "consultations:public_summary_pdf": Route(
        get=everyone(200), page=False, kwargs=_with_demo_files(lambda w: {"slug": w.consultation_closed.slug})
    ),
    # Staff pages.
    "consultations:manage_list": Route(get=only(CONSULTATION_MANAGERS, others=403), post=signed_in(405)),
    "consultations:manage_create": Route(
        get=only(CONSULTATION_MANAGERS, others=403),
        post=only(HUB_A_OWNERS, others=403),
        validates=True,
    ),
    "consultations:manage_detail": Route(
        get=only(HUB_A_OWNERS), post=signed_in(405), kwargs=_consultation("consultation_closed")
    ),
    "consultations:manage_edit": Route(
        get=only(HUB_A_OWNERS), post=only(HUB_A_OWNERS), kwargs=_consultation("consultation_open")
    ),
    "consultations:manage_question_create": Route(
        get=only(TRUST_HUB_OWNERS), post=only(TRUST_HUB_OWNERS), validates=True,
        kwargs=_consultation("consultation_draft"),
    ),
    "consultations:manage_question_edit": Route(
        get=only(TRUST_HUB_OWNERS), post=only(TRUST_HUB_OWNERS),
        kwargs=lambda w: {"pk": w.consultation_draft.pk, "question_pk": w.draft_question.pk},
    ),
    "consultations:manage_question_delete": Route(
        get=signed_in(405), post=only(TRUST_HUB_OWNERS, 302), page=False,
        kwargs=lambda w: {"pk": w.consultation_draft.pk, "question_pk": w.draft_question.pk},
    ),
    "consultations:manage_document_create": Route(
        get=only(TRUST_HUB_OWNERS), post=only(TRUST_HUB_OWNERS), validates=True,
        kwargs=_consultation("consultation_draft"),
    ),
    "consultations:manage_document": Route(
        get=only(HUB_A_OWNERS), post=signed_in(405), page=False,
        kwargs=_with_demo_files(lambda w: {"pk": w.consultation_open.pk, "document_pk": w.open_document.pk}),
    ),
    "consultations:manage_document_remove": Route(
        get=signed_in(405), post=only(HUB_A_OWNERS, 302), page=False,
        kwargs=lambda w: {"pk": w.consultation_open.pk, "document_pk": w.open_document.pk},
    ),
    "consultations:manage_publish": Route(
        get=only(TRUST_HUB_OWNERS), post=only(TRUST_HUB_OWNERS, 302), kwargs=_consultation("consultation_draft")
    ),
    "consultations:manage_unpublish": Route(
        get=signed_in(405), post=only(TRUST_HUB_OWNERS, 302), page=False, kwargs=_consultation("consultation_draft")
    ),
    "consultations:manage_responses": Route(
        get=only(HUB_A_OWNERS), post=signed_in(405), kwargs=_consultation("consultation_closed")
    ),
    "consultations:manage_export_csv": Route(
        get=only(HUB_A_OWNERS), post=signed_in(405), page=False, kwargs=_consultation("consultation_closed")
    ),
    "consultations:manage_response": Route(
        get=only(HUB_A_OWNERS), post=signed_in(405),
        kwargs=lambda w: {"pk": w.consultation_closed.pk, "response_pk": w.closed_response.pk},
    ),
    "consultations:manage_response_status": Route(
        get=only(HUB_A_OWNERS), post=only(HUB_A_OWNERS),
        kwargs=lambda w: {"pk": w.consultation_closed.pk, "response_pk": w.closed_response.pk},
    ),
    "consultations:manage_answer_moderate": Route(
        get=only(HUB_A_OWNERS), post=only(HUB_A_OWNERS),
        kwargs=lambda w: {"pk": w.consultation_closed.pk, "response_pk": w.closed_response.pk,
                          "answer_pk": w.closed_text_answer.pk},
    ),
    "consultations:manage_summary_pdf": Route(
        get=only(HUB_A_OWNERS), post=signed_in(405), page=False,
        kwargs=_with_demo_files(_consultation("consultation_closed")),
    ),
    "consultations:manage_summary_regenerate": Route(
        get=signed_in(405), post=only(HUB_A_OWNERS, 302), page=False, kwargs=_consultation("consultation_closed")
    ),
    "consultations:manage_outcome": Route(
        get=only(HUB_A_OWNERS), post=only(HUB_A_OWNERS), kwargs=_consultation("consultation_closed")
    ),
}


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
    # --- Consultations ---------------------------------------------------------------
    **CONSULTATION_ROUTES,
}
