"""Who to tell about a referral: the hub's coordinators and the referring school's SENCos."""

from hubs.models import Hub
from referrals.models import Referral
from sendhub.models import Membership, Role, User


def coordinators_of(hub: Hub) -> list[User]:
    return [
        m.user
        for m in Membership.objects.current()
        .filter(role=Role.HUB_COORDINATOR, district=hub.district_id)
        .select_related("user")
    ]


def sencos_of(referral: Referral) -> list[User]:
    return [
        m.user
        for m in Membership.objects.current().filter(role=Role.SENCO, school=referral.school_id).select_related("user")
    ]
