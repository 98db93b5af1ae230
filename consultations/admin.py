"""Consultations in the Django admin: read-only, for administrators supporting users.

Responses are never deleted and are changed only through the moderation services, so
the admin neither adds, changes nor deletes them.
"""

from django.contrib import admin

from .models import Consultation, Response


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Consultation)
class ConsultationAdmin(_ReadOnly):
    list_display = ["title", "hub", "state", "opening_date", "closing_date"]
    list_filter = ["state"]
    search_fields = ["title", "slug"]
    list_select_related = ["hub"]


@admin.register(Response)
class ResponseAdmin(_ReadOnly):
    list_display = ["reference", "consultation", "submitted_at", "suspected_spam", "duplicate_of"]
    list_filter = ["suspected_spam"]
    search_fields = ["reference"]
    list_select_related = ["consultation", "duplicate_of"]
