"""The referrals app's models, gathered from its sub-domains so that Django (and other apps) find them here."""

from referrals.intake.models import AGENCY_CONSENT_FIELD, Consent, Referral, ReferralEvent, panel_sees, referral_paths
from referrals.meetings.models import Action, AgendaItem, CaseDiscussion, Meeting, MeetingInvitee

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
