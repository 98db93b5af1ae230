from .meetings import AgendaItem, Meeting, MeetingInvitee
from .referrals import AGENCY_CONSENT_FIELD, Consent, Referral, ReferralEvent, panel_sees, referral_paths

__all__ = [
    "AGENCY_CONSENT_FIELD",
    "AgendaItem",
    "Consent",
    "Meeting",
    "MeetingInvitee",
    "Referral",
    "ReferralEvent",
    "panel_sees",
    "referral_paths",
]
