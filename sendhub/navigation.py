"""What each role sees in the header and on its home page. No queries beyond the user's reach."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from .access import reach
from .models import Role

ALL_STAFF = frozenset(
    {
        Role.SENCO,
        Role.SCHOOL_LEADER,
        Role.SCHOOL_STAFF,
        Role.HUB_COORDINATOR,
        Role.PANEL_MEMBER,
        Role.LA_OFFICER,
        Role.TRUST_SEND_LEAD,
        Role.ADMINISTRATOR,
    }
)


@dataclass(frozen=True)
class NavItem:
    text: str
    url_name: str
    roles: frozenset[str]
    # URL prefixes that mark this item as the current section.
    section: str = ""


CONSULTATION_ROLES = frozenset({Role.SCHOOL_LEADER, Role.TRUST_SEND_LEAD, Role.LA_OFFICER, Role.ADMINISTRATOR})

NAV_ITEMS: list[NavItem] = [
    NavItem("Home", "home", ALL_STAFF | {Role.PARENT}),
    NavItem(
        "Pupils", "pupils:list", frozenset({Role.SENCO, Role.LA_OFFICER, Role.TRUST_SEND_LEAD, Role.ADMINISTRATOR})
    ),
    NavItem("Your children", "pupils:list", frozenset({Role.PARENT})),
    NavItem("Hubs", "hubs:list", ALL_STAFF),
    NavItem("Meetings", "meetings:list", frozenset({Role.HUB_COORDINATOR, Role.PANEL_MEMBER, Role.ADMINISTRATOR})),
    NavItem(
        "Referrals",
        "referrals:list",
        frozenset({Role.SENCO, Role.HUB_COORDINATOR, Role.PANEL_MEMBER, Role.PARENT, Role.ADMINISTRATOR}),
    ),
    NavItem("Consultations", "consultations:manage_list", CONSULTATION_ROLES, section="/consultations/manage/"),
]


@dataclass(frozen=True)
class Action:
    text: str
    url_name: str
    description: str


# What a person can do in each role, shown on their home page beside the organisation.
ROLE_ACTIONS: dict[str, list[Action]] = {role: [] for role in Role.values}
ROLE_ACTIONS[Role.SENCO] += [
    Action("Pupils and SEN support", "pupils:list", "Pupil records, SEN support cycles and meetings with parents"),
    Action("Add a pupil", "pupils:add", "Put a pupil on your school's records"),
    Action("Import pupils from a CSV file", "pupils:import", "From your school information system's export"),
]
ROLE_ACTIONS[Role.LA_OFFICER] += [
    Action("Pupils", "pupils:list", "Records of pupils at your authority's schools"),
]
ROLE_ACTIONS[Role.SENCO] += [
    Action(
        "Refer a child to the district hub",
        "referrals:start",
        "With the written or verbal consent of a parent or carer",
    ),
    Action("Your school's referrals", "referrals:list", "Drafts, and what the hub has decided"),
]
ROLE_ACTIONS[Role.HUB_COORDINATOR] += [
    Action("Referrals inbox", "referrals:inbox", "Accept, ask for more information, decline or pass on referrals"),
    Action("Meetings", "meetings:list", "Half-termly meetings: agendas, packs, minutes and actions"),
    Action("Schedule a meeting", "meetings:schedule", "Of the hub panel or the Locality Management Group"),
    Action("Partnership Board figures", "meetings:boards", "Cases by half term, needs referred and how actions went"),
]
ROLE_ACTIONS[Role.PANEL_MEMBER] += [
    Action("Meetings you are invited to", "meetings:list", "Agendas, meeting packs and the cases shared with you"),
]
ROLE_ACTIONS[Role.LA_OFFICER] += [
    Action(
        "Partnership Board figures",
        "meetings:boards",
        "For each district: cases by half term, needs referred, how actions went",
    ),
]
ROLE_ACTIONS[Role.LA_OFFICER] += [
    Action(
        "Hubs and commissioned places",
        "hubs:list",
        "Commission places in mainstream SEND hubs and arrange pupils' places",
    ),
]
ROLE_ACTIONS[Role.LA_OFFICER] += [
    Action(
        "Update the schools register from GIAS",
        "hubs:gias_import",
        "Add and update your authority's schools from a Get Information About Schools extract",
    ),
]
ROLE_ACTIONS[Role.ADMINISTRATOR] += [
    Action(
        "Update the schools register from GIAS",
        "hubs:gias_import",
        "Add and update schools, local authorities and trusts from a Get Information About Schools extract",
    ),
]
ROLE_ACTIONS[Role.TRUST_SEND_LEAD] += [
    Action("Pupils", "pupils:list", "Read the SEN records of pupils at your trust's schools"),
]
ROLE_ACTIONS[Role.PARENT] += [
    Action("Your children", "pupils:list", "Their SEN support, EHC plans and referrals"),
    Action("Referrals and consent", "referrals:list", "Referrals about your children, and the consent you gave"),
]

# --- Consultations
for _role in CONSULTATION_ROLES:
    ROLE_ACTIONS[_role].append(
        Action(
            "Run public consultations",
            "consultations:manage_list",
            "Consult the public on a hub, read and moderate responses, publish the summary and what you did",
        )
    )


def navigation_for(request: HttpRequest) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    roles = reach(user).roles
    items = []
    seen: set[str] = set()
    for item in NAV_ITEMS:
        if not roles & item.roles or item.url_name in seen:
            continue
        seen.add(item.url_name)
        href = reverse(item.url_name)
        prefix = item.section or href
        matches = request.path == href if item.url_name == "home" else request.path.startswith(prefix)
        items.append({"text": item.text, "href": href, "current": False, "_match": len(prefix) if matches else -1})
    # One current section (one aria-current="page"): the longest matching prefix, so an EHC page
    # is in "EHC caseload", not also in "Pupils".
    best = max(items, key=lambda entry: entry["_match"], default=None)
    for entry in items:
        entry["current"] = entry is best and entry["_match"] >= 0
        del entry["_match"]
    return items


# --- EHC (pupils app): the local authority's caseload ---------------------------------------
NAV_ITEMS.append(NavItem("EHC caseload", "pupils:ehc_caseload", frozenset({Role.LA_OFFICER}), section="/pupils/ehc/"))
ROLE_ACTIONS[Role.LA_OFFICER].append(
    Action(
        "EHC caseload",
        "pupils:ehc_caseload",
        "Open needs assessments with their next statutory deadline, annual reviews due, and timeliness",
    )
)


# --- The school calendar (issue 7): term dates and bank holidays ---------------------------
ROLE_ACTIONS[Role.LA_OFFICER].append(
    Action("Term dates", "calendar", "Set your authority's term dates, and see the bank holidays")
)
ROLE_ACTIONS[Role.ADMINISTRATOR].append(
    Action("Term dates", "calendar", "Set any local authority's term dates, and see the bank holidays")
)
for _role in (Role.SENCO, Role.SCHOOL_LEADER, Role.HUB_COORDINATOR, Role.PANEL_MEMBER, Role.TRUST_SEND_LEAD):
    ROLE_ACTIONS[_role].append(
        Action("Term dates", "calendar", "Half terms set by your local authority, and the bank holidays")
    )


# --- Trust SEND hub (issue 17): training, advice and case consultations, school SEND reviews --
TRUST_HUB_ROLES = frozenset(
    {Role.SENCO, Role.SCHOOL_LEADER, Role.SCHOOL_STAFF, Role.TRUST_SEND_LEAD, Role.ADMINISTRATOR}
)
NAV_ITEMS.append(NavItem("Trust SEND hub", "trusthub:index", TRUST_HUB_ROLES, section="/trust-hub/"))
ROLE_ACTIONS[Role.TRUST_SEND_LEAD] += [
    Action(
        "Trust SEND hub",
        "trusthub:index",
        "Publish the training offer, run sessions and record attendance, answer advice requests, review schools",
    ),
]
for _role in (Role.SENCO, Role.SCHOOL_LEADER):
    ROLE_ACTIONS[_role].append(
        Action(
            "Trust SEND hub",
            "trusthub:index",
            "Book the trust's training, ask for advice or a case consultation, follow your school's SEND review",
        )
    )
ROLE_ACTIONS[Role.SCHOOL_STAFF].append(
    Action("Training from the trust SEND hub", "trusthub:index", "Book sessions, download invitations, give feedback")
)
# Blocks other apps add to the home page, after "Your work": each takes the request and returns
# {"template": ..., **context} or None. Registered at start-up (dashboards: headline figures).
HOME_BLOCKS: list = []
