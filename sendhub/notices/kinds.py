"""The kinds of notice, each with the email a person gets unless they choose otherwise.

The core names other apps' notices only as words; the apps write notices with these keys.
"""

from __future__ import annotations

from dataclasses import dataclass

NOW, DIGEST, NONE = "now", "digest", "none"


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    default: str
    # False: the person may not turn email off (withdrawn consent must reach them).
    may_turn_off: bool = True


KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in (
        Kind("ehc_deadline", "EHC needs assessment and plan deadlines", DIGEST),
        Kind("ehc_review", "EHC plan annual reviews", DIGEST),
        Kind("sen_support", "SEN support reviews and meetings with parents", DIGEST),
        Kind("meeting", "Hub meetings", NOW),
        Kind("meeting_action", "Actions from hub meetings", DIGEST),
        Kind("referral", "Referrals", NOW),
        Kind("consent_withdrawn", "Withdrawn consent", NOW, may_turn_off=False),
        Kind("consultation", "Consultations", NOW),
        Kind("general", "Other notices", NOW),
    )
}


def kind_of(key: str) -> Kind:
    return KINDS.get(key, KINDS["general"])
