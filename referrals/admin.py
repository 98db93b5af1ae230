"""Read-only in the admin: referrals change only through their services, where consent is checked."""

from django.contrib import admin

from referrals.models import AgendaItem, Consent, Meeting, Referral, ReferralEvent
from sendhub.admin import ReadOnlyAdmin


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ["reference", "school", "hub", "status", "created_at", "submitted_at"]
    list_filter = ["status", "hub"]
    exclude = ["concern", "needs", "support_tried", "outcomes_hoped", "parent_views", "child_views"]


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ["referral", "method", "given_on", "withdrawn_at"]
    exclude = ["explained", "document"]


@admin.register(ReferralEvent)
class ReferralEventAdmin(ReadOnlyAdmin):
    list_display = ["referral", "at", "title", "status"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["district", "kind", "starts_at", "status"]


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "kind", "position", "removed_at"]
