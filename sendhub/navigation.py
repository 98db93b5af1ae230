"""What each role sees in the header and on its home page. No queries beyond the user's reach."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from .access import reach
from .models import Role

ALL_STAFF = frozenset(
    {Role.SENCO, Role.SCHOOL_LEADER, Role.HUB_COORDINATOR, Role.PANEL_MEMBER, Role.LA_OFFICER,
     Role.TRUST_SEND_LEAD, Role.ADMINISTRATOR}
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
    NavItem("Consultations", "consultations:manage_list", CONSULTATION_ROLES, section="/consultations/manage/"),
]


@dataclass(frozen=True)
class Action:
    text: str
    url_name: str
    description: str


# What a person can do in each role, shown on their home page beside the organisation.
ROLE_ACTIONS: dict[str, list[Action]] = {role: [] for role in Role.values}

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
    for item in NAV_ITEMS:
        if not roles & item.roles:
            continue
        href = reverse(item.url_name)
        current = request.path == href if item.url_name == "home" else request.path.startswith(item.section or href)
        items.append({"text": item.text, "href": href, "current": current})
    return items
