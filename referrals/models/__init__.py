from .meetings import Action, AgendaItem, CaseDiscussion, Meeting, MeetingInvitee
from .referrals import AGENCY_CONSENT_FIELD, Consent, Referral, ReferralEvent, panel_sees, referral_paths

__all__ = [
    "AGENCY_CONSENT_FIELD",
    "Action",
    "AgendaItem",
    "CaseDiscussion",
    "Consent",
    "Meeting",
    "MeetingInvitee",
    "Referral",
    "ReferralEvent",
    "panel_sees",
    "referral_paths",
]
