"""Every route of the portal, and what each persona gets from it.

This table is the route-by-role matrix. `tests/test_access_matrix.py` asks every route
for every persona with GET and POST and compares the status; a URL pattern missing from
this table fails the suite. `tests/browser/test_every_page.py` visits every page a
persona may see and scans it with axe-core.

Expectations: an HTTP status, or LOGIN (a redirect to the sign-in page).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from tests.world import PERSONAS, World

LOGIN = "login"
STAFF = [
    "senco_a",
    "senco_b",
    "head_a",
    "school_staff",
    "coordinator",
    "panel",
    "la_officer",
    "trust_lead",
    "admin",
    "outsider",
]
SIGNED_IN = [*STAFF, "parent"]

Expect = dict[str, int | str]


def everyone(status: int | str) -> Expect:
    return {persona: status for persona in PERSONAS}


def signed_in(status: int | str, *, anonymous: int | str = LOGIN) -> Expect:
    return {**everyone(status), "anonymous": anonymous}


def only(
    allowed: Iterable[str],
    status: int | str = 200,
    *,
    others: int | str = 404,
    anonymous: int | str = LOGIN,
    **exceptions: int | str,
) -> Expect:
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
    # More pages of the same pattern (e.g. each step of a journey), checked the same way
    # unless the Variant says otherwise.
    variants: Callable[[World], list[Variant]] | None = None

    def pages(self, world: World) -> list[tuple[dict[str, Any], Route]]:
        """(URL arguments, expectations) for the route and each of its variants."""
        pages = [(self.kwargs(world), self)]
        for variant in self.variants(world) if self.variants else []:
            pages.append(
                (
                    variant.kwargs,
                    replace(
                        self,
                        get=variant.get or self.get,
                        post=variant.post or self.post,
                        validates=self.validates if variant.validates is None else variant.validates,
                    ),
                )
            )
        return pages


@dataclass(frozen=True)
class Variant:
    kwargs: dict[str, Any]
    get: Expect | None = None
    post: Expect | None = None
    validates: bool | None = None


# Who keeps pupil records somewhere (the outsider keeps them at another authority's school).
KEEPERS_ANYWHERE = only(["senco_a", "senco_b", "la_officer", "outsider"], others=403)
# SENCos anywhere (the outsider is a SENCo at another authority's school).
KEEPERS_SCHOOL = only(["senco_a", "senco_b", "outsider"], others=403)
# Pupil A's record: who reads it, who changes it, who may only look.
PUPIL_A_READERS = ["senco_a", "la_officer", "trust_lead", "parent", "admin"]
PUPIL_A_EDIT = scoped(["senco_a", "la_officer"], forbidden=["trust_lead", "parent", "admin"])
CONTACT_A_EDIT = scoped(["senco_a", "la_officer"], forbidden=["admin"])
SUPPORT_A_EDIT = scoped(["senco_a"], forbidden=["la_officer", "trust_lead", "parent", "admin"])


# Referrals: Maya's was accepted for the next meeting (the health panel member is invited);
# Oliver's waits in the inbox; Zainab's is a draft; Finley's needs more information.
REFERRAL_A_READERS = ["senco_a", "coordinator", "panel", "parent", "admin"]
# A draft, and a referral returned for more information, are the school's (and the parent's):
# the hub's coordinator and panel get a 404 until it is sent (issue 13).
DRAFT_EDIT = scoped(["senco_a"], forbidden=["admin"])
DRAFT_REDIRECT = scoped(["senco_a"], forbidden=["admin"], status=302)
SCHOOL_ONLY_READERS = ["senco_a", "admin"]


def _school_only(world: World) -> list[Variant]:
    """The draft and the referral returned for more information: not the hub's to see."""
    return [
        Variant({"pk": world.referral_draft.pk}, get=scoped(SCHOOL_ONLY_READERS)),
        Variant({"pk": world.referral_more_information.pk}, get=scoped(SCHOOL_ONLY_READERS)),
    ]


TRIAGE = scoped(["coordinator"], forbidden=["senco_a", "admin"])
WITHDRAW = scoped(["senco_a", "parent"], forbidden=["coordinator", "panel", "admin"])


def _journey_steps(world: World) -> list[Variant]:
    draft = world.referral_draft.pk
    return [Variant({"pk": draft, "step": s}) for s in ["support", "outcomes", "views", "hub", "consent"]] + [
        # The written or verbal details are asked on the consent page now: the old address leads there.
        Variant({"pk": draft, "step": "consent-details"}, get=DRAFT_REDIRECT, post=DRAFT_REDIRECT, validates=False),
        Variant({"pk": world.referral_more_information.pk, "step": "consent"}),
    ]


# Meetings of the Casterbridge hub: the coordinator runs them; the health panel member is
# invited. The recent meeting has happened and waits for its minutes: Maya (new), Harry and Isla
# (actions to review). Isla's consent does not cover health. The outsider coordinates elsewhere.
MEETING_READERS = ["coordinator", "panel", "admin"]
MEETING_RUN = scoped(["coordinator"], forbidden=["panel", "admin"])
COORDINATORS = only(["coordinator", "outsider"], others=403)


def _item(name: str) -> Callable[[World], dict[str, Any]]:
    return lambda world: {"pk": world.objects[name].pk}


# The demo mainstream hub at school A: its commissioning is read by the host school, its
# trust and its LA, and changed by the LA.
HUB_READERS = ["la_officer", "senco_a", "head_a", "trust_lead", "admin"]
HUB_COMMISSIONER = scoped(["la_officer"], forbidden=["senco_a", "head_a", "trust_lead", "admin"])
PLACE_EDIT = scoped(["la_officer"], forbidden=["senco_a", "trust_lead", "admin"])


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
        get=only(["la_officer"], **advisers),
        post=only(["la_officer"], **advisers),
        kwargs=_ehc_kwargs(record),
        validates=True,
    )


def _ehc_page(record: str) -> Route:
    return Route(get=only(EHC_READERS), kwargs=_ehc_kwargs(record))


EHC_CASELOAD_ROUTE = Route(get=only(EHC_CASELOAD, others=403))

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
        get=everyone(200),
        page=False,
        kwargs=lambda w: {"slug": w.consultation_open.slug, "document_pk": w.open_document.pk},
    ),
    "consultations:public_summary_pdf": Route(
        get=everyone(200), page=False, kwargs=lambda w: {"slug": w.consultation_closed.slug}
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
        get=only(TRUST_HUB_OWNERS),
        post=only(TRUST_HUB_OWNERS),
        validates=True,
        kwargs=_consultation("consultation_draft"),
    ),
    "consultations:manage_question_edit": Route(
        get=only(TRUST_HUB_OWNERS),
        post=only(TRUST_HUB_OWNERS),
        kwargs=lambda w: {"pk": w.consultation_draft.pk, "question_pk": w.draft_question.pk},
    ),
    "consultations:manage_question_delete": Route(
        get=signed_in(405),
        post=only(TRUST_HUB_OWNERS, 302),
        page=False,
        kwargs=lambda w: {"pk": w.consultation_draft.pk, "question_pk": w.draft_question.pk},
    ),
    "consultations:manage_document_create": Route(
        get=only(TRUST_HUB_OWNERS),
        post=only(TRUST_HUB_OWNERS),
        validates=True,
        kwargs=_consultation("consultation_draft"),
    ),
    "consultations:manage_document": Route(
        get=only(HUB_A_OWNERS),
        post=signed_in(405),
        page=False,
        kwargs=lambda w: {"pk": w.consultation_open.pk, "document_pk": w.open_document.pk},
    ),
    "consultations:manage_document_remove": Route(
        get=signed_in(405),
        post=only(HUB_A_OWNERS, 302),
        page=False,
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
    # Issue 19: the CSV is prepared in the background; the button starts it (sendhub.downloads).
    "consultations:manage_export_start": Route(
        get=signed_in(405), post=only(HUB_A_OWNERS, 302), page=False, kwargs=_consultation("consultation_closed")
    ),
    "consultations:manage_response": Route(
        get=only(HUB_A_OWNERS),
        post=signed_in(405),
        kwargs=lambda w: {"pk": w.consultation_closed.pk, "response_pk": w.closed_response.pk},
    ),
    "consultations:manage_response_status": Route(
        get=only(HUB_A_OWNERS),
        post=only(HUB_A_OWNERS),
        kwargs=lambda w: {"pk": w.consultation_closed.pk, "response_pk": w.closed_response.pk},
    ),
    "consultations:manage_answer_moderate": Route(
        get=only(HUB_A_OWNERS),
        post=only(HUB_A_OWNERS),
        kwargs=lambda w: {
            "pk": w.consultation_closed.pk,
            "response_pk": w.closed_response.pk,
            "answer_pk": w.closed_text_answer.pk,
        },
    ),
    "consultations:manage_summary_pdf": Route(
        get=only(HUB_A_OWNERS),
        post=signed_in(405),
        page=False,
        kwargs=_consultation("consultation_closed"),
    ),
    "consultations:manage_summary_regenerate": Route(
        get=signed_in(405), post=only(HUB_A_OWNERS, 302), page=False, kwargs=_consultation("consultation_closed")
    ),
    "consultations:manage_outcome": Route(
        get=only(HUB_A_OWNERS), post=only(HUB_A_OWNERS), kwargs=_consultation("consultation_closed")
    ),
}


# --- Calendar (issue 7) -----------------------------------------------------------------
CALENDAR_SETTERS = only(["la_officer", "admin"], others=403, outsider=404)


def _calendar_year(name: str) -> Callable[[World], dict[str, Any]]:
    return lambda world: {"code": world.wessex.code, "year": world.objects[name]}


def _calendar_own_year() -> Callable[[World], list[Variant]]:
    return lambda world: [Variant(_calendar_year("calendar_own_year")(world))]


# --- Trust SEND hub (issue 17) ----------------------------------------------------------
# Heathland's hub: its SEND lead (and admins) run it; staff of its schools (school A's SENCo,
# head and school staff) see the published offer and book; senco_b's school is in another
# trust (404). The draft offer is next year's. Booking a parallel INSET session is open to
# every school role; SENCo network places are SENCo's own.
TRUST_HUB_MANAGERS = ["trust_lead", "admin"]
TRUST_HUB_READERS = ["senco_a", "head_a", "school_staff", *TRUST_HUB_MANAGERS]
TRUST_HUB_BOOKERS = ["senco_a", "head_a", "school_staff"]
ADVICE_READERS = ["senco_a", "head_a", "trust_lead", "parent", "admin"]
ADVICE_TRIAGE = scoped(["trust_lead"], forbidden=["senco_a", "head_a", "parent", "admin"])
ADVICE_REPLY = scoped(["senco_a", "head_a"], forbidden=["trust_lead", "parent", "admin"])
REVIEW_READERS = ["senco_a", "head_a", *TRUST_HUB_MANAGERS]


def _w(name: str) -> Callable[[World], dict[str, Any]]:
    return lambda world: {"pk": world.objects[name].pk}


TRUSTHUB_ROUTES: dict[str, Route] = {
    "trusthub:index": Route(get=signed_in(200), post=signed_in(405)),
    "trusthub:bookings": Route(get=signed_in(200), post=signed_in(405)),
    "trusthub:offer": Route(get=only(TRUST_HUB_READERS), post=signed_in(405), kwargs=_w("trust_offer")),
    "trusthub:offer_publish": Route(
        get=only(TRUST_HUB_MANAGERS), post=only(TRUST_HUB_MANAGERS, 302), kwargs=_w("trust_offer_draft")
    ),
    **{
        name: Route(
            get=only(TRUST_HUB_MANAGERS), post=only(TRUST_HUB_MANAGERS), kwargs=_w("trust_tier_clinic"), validates=True
        )
        for name in ["trusthub:tier_edit", "trusthub:session_add"]
    },
    "trusthub:session": Route(get=only(TRUST_HUB_READERS), post=signed_in(405), kwargs=_w("trust_session")),
    **{
        name: Route(
            get=only(TRUST_HUB_MANAGERS), post=only(TRUST_HUB_MANAGERS), kwargs=_w("trust_session"), validates=True
        )
        for name in ["trusthub:session_edit", "trusthub:session_cancel"]
    },
    "trusthub:parallel_add": Route(
        get=only(TRUST_HUB_MANAGERS), post=only(TRUST_HUB_MANAGERS), kwargs=_w("trust_inset_day"), validates=True
    ),
    "trusthub:session_ics": Route(
        get=only(TRUST_HUB_READERS), post=signed_in(405), kwargs=_w("trust_session"), page=False
    ),
    "trusthub:book": Route(
        get=only(TRUST_HUB_BOOKERS), post=only(TRUST_HUB_BOOKERS), kwargs=_w("trust_parallel"), validates=True
    ),
    "trusthub:attendance": Route(
        get=only(TRUST_HUB_MANAGERS), post=only(TRUST_HUB_MANAGERS, 302), kwargs=_w("trust_session_past")
    ),
    "trusthub:booking_cancel": Route(get=only(["senco_a"]), post=only(["senco_a"], 302), kwargs=_w("trust_booking")),
    "trusthub:feedback": Route(
        get=only(["senco_a"]), post=only(["senco_a"]), kwargs=_w("trust_booking_past"), validates=True
    ),
    # Advice: Maya's case consultation rests on her referral's consent. The school (SENCo,
    # head), the trust SEND lead and her parent see it; the lead alone triages; the school replies.
    "trusthub:advice_list": Route(get=signed_in(200), post=signed_in(405)),
    "trusthub:advice_ask": Route(get=only(["senco_a", "head_a"]), post=only(["senco_a", "head_a"]), validates=True),
    "trusthub:advice": Route(get=only(ADVICE_READERS), post=signed_in(405), kwargs=_w("advice_case")),
    # A case consultation about a child with no referral: the school records consent as it asks
    # (g2); only a SENCo, who sees the children's records (a head does not). Maya's consultation
    # rests on her referral's consent, withdrawn on the referral: nobody withdraws it here.
    "trusthub:advice_ask_child": Route(get=only(["senco_a"]), post=only(["senco_a"]), validates=True),
    "trusthub:advice_ask_child_consent": Route(
        get=only(["senco_a"]),
        post=only(["senco_a"]),
        kwargs=lambda world: {"pupil": world.objects["pupil_a"].pk},
        validates=True,
    ),
    "trusthub:advice_withdraw_consent": Route(get=only([]), post=only([]), kwargs=_w("advice_case")),
    **{
        name: Route(get=ADVICE_TRIAGE, post=ADVICE_TRIAGE, kwargs=_w("advice_case"), validates=True)
        for name in ["trusthub:advice_answer", "trusthub:advice_clinic", "trusthub:advice_visit"]
    },
    "trusthub:advice_reply": Route(get=ADVICE_REPLY, post=ADVICE_REPLY, kwargs=_w("advice_case"), validates=True),
    # School SEND reviews: school A's review is read by its SENCo and head (who record progress)
    # and the trust; the trust SEND lead (and admins) write reviews and the framework.
    "trusthub:reviews": Route(get=signed_in(200), post=signed_in(405)),
    "trusthub:review": Route(get=only(REVIEW_READERS), post=signed_in(405), kwargs=_w("trust_review")),
    **{
        name: Route(
            get=only(TRUST_HUB_MANAGERS), post=only(TRUST_HUB_MANAGERS), kwargs=_w("trust_review"), validates=True
        )
        for name in ["trusthub:review_judgements", "trusthub:review_action_add"]
    },
    "trusthub:review_progress": Route(
        get=only(REVIEW_READERS), post=only(REVIEW_READERS), kwargs=_w("trust_review_action"), validates=True
    ),
    **{
        name: Route(get=only(TRUST_HUB_MANAGERS), post=only(TRUST_HUB_MANAGERS), kwargs=_w("trust_hub"), validates=True)
        for name in ["trusthub:framework", "trusthub:framework_grade_add", "trusthub:review_add"]
    },
}


def _dashboard_org(kind: str) -> int:
    from sendhub.models import District, LocalAuthority, School, Trust

    return {
        "trust": lambda: Trust.objects.get(gias_code="TR90001").pk,
        "la": lambda: LocalAuthority.objects.get(code="990").pk,
        "school": lambda: School.objects.get(memberships__user__email="senco.a@example.org").pk,
        "district": lambda: District.objects.get(name="Casterbridge", local_authority__code="990").pk,
    }[kind]()


def _dashboard_kwargs(kind: str, table: str | None) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"kind": kind, "pk": _dashboard_org(kind)}
    if table:
        kwargs["table"] = table
    return kwargs


def _dashboard(kind: str, table: str | None) -> Callable[[World], dict[str, Any]]:
    return lambda world: _dashboard_kwargs(kind, table)


def _dashboard_variants(table: str | None) -> Callable[[World], list[Variant]]:
    return lambda world: [
        Variant(_dashboard_kwargs("la", table), get=only(["la_officer", "admin"])),
        Variant(_dashboard_kwargs("school", table), get=only(["senco_a", "head_a", "admin"])),
        Variant(_dashboard_kwargs("district", table), get=only(["coordinator", "admin"])),
    ]


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
    # --- Two-factor sign-in and your account (issue 14) ---
    # The code step and first-sign-in set-up need a password step first: without one they send
    # people back to the sign-in page (tests/browser/test_two_factor_journey.py scans them).
    "two_factor_verify": Route(get=everyone(302), post=everyone(302), page=False),
    "two_factor_setup": Route(get=signed_in(200, anonymous=302), post=signed_in(200, anonymous=302), validates=True),
    "two_factor_recovery_codes": Route(get=signed_in(200), post=signed_in(302)),
    "two_factor_turn_off": Route(get=signed_in(200), post=signed_in(302)),
    "account": Route(get=signed_in(200), post=signed_in(405)),
    "admin_login": Route(get=everyone(302), post=everyone(302), page=False),
    "accessibility": Route(get=everyone(200)),
    "privacy": Route(get=everyone(200)),
    "healthz": Route(get=everyone(200), page=False),
    # Background tasks (issue 15): administrators only; others get a 404 as if it did not exist.
    "background_tasks": Route(get=only(["admin"]), post=signed_in(405)),
    # Off unless SMOKE_TEST_ERROR_ROUTE (make test-production): a 404 like any unknown address.
    "smoke_test_error": Route(get=everyone(404), post=everyone(405), page=False),
    # The Django admin: staff only. Its other routes are Django's own, guarded the same
    # way; tests/sendhub/test_admin.py checks every registered model's list for every persona.
    "admin:index": Route(get={**everyone(302), "admin": 200}, post={**everyone(302), "admin": 200}, page=False),
    # --- Pupils and SEN support (issue 4) -------------------------------------------
    # Pupil A is Maya Thornton at school A; her parent is parent@example.org.
    **{name: Route(get=signed_in(200), post=signed_in(405)) for name in ["pupils:list"]},
    # JSON for autocompletes (issue 18/19): staff, scoped; parents never search.
    "pupils:find": Route(get=only(STAFF, others=403), post=signed_in(405), page=False, query="q=ma"),
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
    # The access log is the family's: staff who may read the pupil still get a 404 (issue 14).
    "pupils:access_log": Route(get=only(["parent"]), post=signed_in(405), kwargs=pk("pupil_a")),
    "pupils:access_log_csv": Route(get=only(["parent"]), post=signed_in(405), kwargs=pk("pupil_a"), page=False),
    **{
        name: Route(get=PUPIL_A_EDIT, post=PUPIL_A_EDIT, kwargs=pk("pupil_a"), validates=True)
        for name in ["pupils:edit", "pupils:contact_add"]
    },
    # Requests to link your own account to a child's records (issue 14): anyone signed in has a list.
    "pupils:account_links": Route(get=signed_in(200), post=signed_in(302)),
    "pupils:contact_edit": Route(get=CONTACT_A_EDIT, post=CONTACT_A_EDIT, kwargs=pk("contact_a"), validates=True),
    **{
        name: Route(
            get=CONTACT_A_EDIT, post={**CONTACT_A_EDIT, "senco_a": 302, "la_officer": 302}, kwargs=pk("contact_a")
        )
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
    # --- Hubs, commissioning and places (issue 5) ---------------------------------
    "hubs:list": Route(get=everyone(200)),
    "hubs:detail": Route(get=everyone(200), kwargs=pk("hub")),
    "hubs:school_find": Route(get=only(STAFF, others=403), post=signed_in(405), page=False, query="q=school"),
    "hubs:edit": Route(
        get=only(["la_officer", "admin"], others=403),
        post=only(["la_officer", "admin"], others=403),
        kwargs=pk("hub"),
        validates=True,
    ),
    "hubs:agreement_add": Route(
        get=only(["la_officer"], others=403), post=only(["la_officer"], others=403), kwargs=pk("hub"), validates=True
    ),
    "hubs:agreement": Route(get=scoped(HUB_READERS), post=signed_in(405), kwargs=pk("agreement")),
    "hubs:agreement_edit": Route(get=HUB_COMMISSIONER, post=HUB_COMMISSIONER, kwargs=pk("agreement"), validates=True),
    "places:occupancy": Route(get=scoped(HUB_READERS), post=signed_in(405), kwargs=pk("hub")),
    "places:add": Route(get=HUB_COMMISSIONER, post=HUB_COMMISSIONER, kwargs=pk("hub"), validates=True),
    "places:register_csv": Route(get=scoped(HUB_READERS), post=signed_in(405), kwargs=pk("hub"), page=False),
    "places:summary_pdf": Route(get=scoped(HUB_READERS), post=signed_in(405), kwargs=pk("hub"), page=False),
    "places:end": Route(get=PLACE_EDIT, post=PLACE_EDIT, kwargs=pk("placement"), validates=True),
    # --- Referrals (issue 6) -------------------------------------------------------
    "notifications_read": Route(get=signed_in(405), post=signed_in(302), page=False),
    # --- Notices and reminders (issue 15) ---------------------------------------------
    "notices:list": Route(get=signed_in(200), post=signed_in(405)),
    "notices:read": Route(get=signed_in(405), post=signed_in(302), page=False, kwargs=lambda world: {"pk": 1}),
    "notices:all_read": Route(get=signed_in(405), post=signed_in(302), page=False),
    "notices:preferences": Route(get=signed_in(200), post=signed_in(200), validates=True),
    # --- Prepared downloads (issue 19, sendhub/downloads): only the person who asked; others 404 ---
    "downloads:status": Route(
        get=only(["head_a"]),
        post=signed_in(405),
        kwargs=pk("download_ready"),
        variants=lambda world: [Variant({"pk": world.download_queued.pk})],
    ),
    "downloads:progress": Route(get=only(["head_a"]), post=signed_in(405), page=False, kwargs=pk("download_ready")),
    "downloads:file": Route(get=only(["head_a"]), post=signed_in(405), page=False, kwargs=pk("download_ready")),
    # --- Usability and accessibility (issue 18) -------------------------------------------
    "session_extend": Route(get=signed_in(405), post=signed_in(200), page=False),
    "referrals:list": Route(get=signed_in(200), post=signed_in(405)),
    "referrals:inbox": Route(get=only(["coordinator", "admin", "outsider"], others=403), post=signed_in(405)),
    "referrals:start": Route(get=KEEPERS_SCHOOL, post=KEEPERS_SCHOOL, validates=True),
    "referrals:detail": Route(
        get=scoped(REFERRAL_A_READERS), post=signed_in(405), kwargs=pk("referral_accepted"), variants=_school_only
    ),
    "referrals:check": Route(get=DRAFT_EDIT, post={**DRAFT_EDIT, "senco_a": 302}, kwargs=pk("referral_draft")),
    "referrals:step": Route(
        get=DRAFT_EDIT,
        post=DRAFT_EDIT,
        validates=True,
        variants=_journey_steps,
        kwargs=lambda world: {"pk": world.referral_draft.pk, "step": "concern"},
    ),
    "referrals:sent": Route(
        get={**scoped(REFERRAL_A_READERS, status=302), "senco_a": 200},
        post=signed_in(405),
        kwargs=pk("referral_accepted"),
    ),
    "referrals:accept": Route(get=TRIAGE, post={**TRIAGE, "coordinator": 302}, kwargs=pk("referral_submitted")),
    **{
        name: Route(get=TRIAGE, post=TRIAGE, kwargs=pk("referral_submitted"), validates=True)
        for name in ["referrals:request_information", "referrals:decline", "referrals:pass"]
    },
    "referrals:withdraw_consent": Route(
        get=WITHDRAW, post={**WITHDRAW, "senco_a": 302, "parent": 302}, kwargs=pk("referral_accepted")
    ),
    "referrals:consent_document": Route(
        get=scoped(["senco_a", "coordinator", "admin"]),
        post=signed_in(405),
        kwargs=pk("referral_submitted"),
        page=False,
        variants=lambda world: [Variant({"pk": world.referral_draft.pk}, get=scoped(SCHOOL_ONLY_READERS))],
    ),
    "referrals:pdf": Route(
        get=scoped(REFERRAL_A_READERS),
        post=signed_in(405),
        kwargs=pk("referral_accepted"),
        page=False,
        variants=lambda world: [Variant({"pk": world.referral_more_information.pk}, get=scoped(SCHOOL_ONLY_READERS))],
    ),
    # --- EHC (pupils/urls_ehc.py; helpers above MATRIX, demo records in tests/world_objects.py) ---
    "pupils:ehc_caseload": EHC_CASELOAD_ROUTE,
    "pupils:ehc_caseload_csv": replace(EHC_CASELOAD_ROUTE, page=False),
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
    # The case officer (issue 19): an empty choice is valid (no one named).
    "pupils:ehc_plan_case_officer": _ehc_step("ehc_plan_with_transfer", validates=False, valid_empty_post=302),
    "pupils:ehc_assessment_case_officer": _ehc_step("ehc_awaiting", validates=False, valid_empty_post=302),
    "pupils:ehc_review_add": _ehc_step("ehc_plan_naming_hub"),
    "pupils:ehc_review": _ehc_page("ehc_review_amended"),
    "pupils:ehc_review_meeting": _ehc_step("ehc_review_transfer", validates=False),  # the form of ehc_review_add
    "pupils:ehc_review_report": _ehc_step("ehc_review_transfer"),
    "pupils:ehc_review_decision": _ehc_step("ehc_review_transfer"),
    "pupils:ehc_review_notice": _ehc_step("ehc_review_transfer"),
    "pupils:ehc_review_amended_plan": _ehc_step("ehc_review_transfer"),
    "pupils:ehc_review_advice_add": _ehc_advice("ehc_review_transfer"),
    # --- Consultations ---------------------------------------------------------------
    **CONSULTATION_ROUTES,
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
        get=only(["la_officer", "admin"]),
        post=signed_in(405),
        kwargs=pk("gias_import_a"),
    ),
    # --- Meetings (issue 7) --------------------------------------------------------
    "meetings:list": Route(get=only([*MEETING_READERS, "outsider"], others=403), post=signed_in(405)),
    "meetings:schedule": Route(get=COORDINATORS, post=COORDINATORS, validates=True),
    "meetings:detail": Route(get=scoped(MEETING_READERS), post=signed_in(405), kwargs=pk("meeting_recent")),
    **{
        name: Route(get=MEETING_RUN, post=MEETING_RUN, kwargs=pk("meeting_recent"), validates=True)
        for name in ["meetings:edit", "meetings:cancel", "meetings:agenda_add"]
    },
    "meetings:ics": Route(get=scoped(MEETING_READERS), post=signed_in(405), kwargs=pk("meeting_recent"), page=False),
    "meetings:pack": Route(get=scoped(MEETING_READERS), post=signed_in(405), kwargs=pk("meeting_recent"), page=False),
    "meetings:agenda_build": Route(
        get=signed_in(405), post={**MEETING_RUN, "coordinator": 302}, kwargs=pk("meeting_recent"), page=False
    ),
    "meetings:agenda_move": Route(
        get=signed_in(405), post={**MEETING_RUN, "coordinator": 302}, kwargs=_item("item_maya"), page=False
    ),
    "meetings:agenda_remove": Route(get=MEETING_RUN, post=MEETING_RUN, kwargs=_item("item_maya"), validates=True),
    "meetings:case": Route(
        get=scoped(MEETING_READERS),
        post=signed_in(405),
        kwargs=_item("item_maya"),
        variants=lambda world: [
            Variant({"pk": world.item_isla.pk}, get=scoped(["coordinator", "admin"])),  # consent does not cover health
            Variant({"pk": world.item_harry_earlier.pk}),
        ],
    ),
    "meetings:discussion": Route(get=MEETING_RUN, post=MEETING_RUN, kwargs=_item("item_maya"), validates=True),
    **{
        name: Route(get=MEETING_RUN, post=MEETING_RUN, kwargs=_item("item_harry"), validates=True)
        for name in ["meetings:action_add", "meetings:actions_review", "meetings:decide"]
    },
    "meetings:boards": Route(
        get=only(["coordinator", "la_officer", "admin", "outsider"], others=403), post=signed_in(405)
    ),
    "meetings:board": Route(
        get=only(["coordinator", "la_officer", "admin"]),
        post=signed_in(405),
        kwargs=lambda world: {"pk": world.meeting_recent.district_id},
    ),
    # --- Calendar (issue 7): term dates and bank holidays ------------------------------
    # Every member of staff reads /calendar/ (a parent has no calendar: 403). Wessex's (990)
    # term dates are set by its officer and administrators; the outsider, an officer of
    # Mercia (991), gets a 404 as if Wessex did not exist; other roles 403. Wessex uses
    # England's defaults this year and has its own dates the year after next (tests/world_objects.py).
    "calendar": Route(get=only(STAFF, others=403), post=signed_in(405)),
    "calendar_edit": Route(
        get=CALENDAR_SETTERS,
        post=CALENDAR_SETTERS,
        validates=True,
        kwargs=_calendar_year("calendar_this_year"),
        variants=_calendar_own_year(),
    ),
    "calendar_reset": Route(
        get=CALENDAR_SETTERS,
        post={**CALENDAR_SETTERS, "la_officer": 302, "admin": 302},
        kwargs=_calendar_year("calendar_this_year"),
        variants=_calendar_own_year(),
    ),
    # --- Trust SEND hub (issue 17) --------------------------------------------------
    **TRUSTHUB_ROUTES,
    # --- Dashboards (issue 16): figures only, each organisation's for its own people ----------
    # /dashboards/ lists what the person's roles open (a parent or a panel member has none: 403;
    # the outsider opens Mercia's). Heathland's trust dashboard: its lead and administrators;
    # anyone else gets a 404, as if it did not exist. Variants: Wessex (LA), school A, Casterbridge.
    "dashboards:index": Route(get=only(STAFF, others=403, panel=403, school_staff=403), post=signed_in(405)),
    **{
        name: Route(
            get=only(["trust_lead", "admin"]),
            post=signed_in(405),
            kwargs=_dashboard("trust", table),
            variants=_dashboard_variants(table),
            page=name == "dashboards:show",
        )
        for name, table in [
            ("dashboards:show", None),
            ("dashboards:pdf", None),
            ("dashboards:csv", "referral_terms"),
        ]
    },
    "dashboards:timeliness_upload": Route(
        get=only(["la_officer", "admin", "outsider"], others=403),
        post=only(["la_officer", "admin", "outsider"], others=403),
        validates=True,
    ),
    "dashboards:snapshot": Route(get=signed_in(405), post=only(["admin"], 302, others=403), page=False),
    # Wessex's statistical neighbours: its officer and administrators; anyone else a 404, as for
    # the LA dashboard itself (the outsider is an officer of another authority).
    "dashboards:neighbours": Route(
        get=only(["la_officer", "admin"]),
        post=only(["la_officer", "admin"]),
        validates=True,
        kwargs=lambda world: {"pk": _dashboard_org("la")},
    ),
}
