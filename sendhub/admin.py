from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import AuditEvent, District, LocalAuthority, Membership, OutboundEmail, School, Trust, User


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(District)
class DistrictAdmin(SimpleHistoryAdmin):
    list_display = ["name", "local_authority"]
    list_filter = ["local_authority"]
    search_fields = ["name"]


@admin.register(Trust)
class TrustAdmin(SimpleHistoryAdmin):
    list_display = ["name", "gias_code"]
    search_fields = ["name", "gias_code"]


@admin.register(School)
class SchoolAdmin(SimpleHistoryAdmin):
    list_display = ["name", "urn", "laestab", "phase", "local_authority", "district", "trust"]
    list_filter = ["phase", "local_authority", "is_special", "resourced_provision"]
    search_fields = ["name", "urn", "laestab"]
    list_select_related = ["local_authority", "district", "trust"]
    autocomplete_fields = ["district", "trust"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["school", "district", "local_authority", "trust"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "is_staff", "memberships__role"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "full_name", "password")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]
    actions = ["reset_two_factor"]

    @admin.action(description="Reset two-factor sign-in (they set it up again at their next sign-in)")
    def reset_two_factor(self, request, queryset):
        from . import twofactor

        for user in queryset:
            twofactor.reset(actor=request.user, user=user)
        self.message_user(request, f"Two-factor sign-in reset for {len(queryset)} account(s); each reset is audited")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "model", "object_pk", "pupil_id", "path"]
    list_filter = ["action", "model"]
    search_fields = ["object_pk", "user__email", "path"]
    date_hierarchy = "at"


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "subject", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status"]
    search_fields = ["subject"]
    exclude = ["body"]  # may describe a child; the subject and status are enough to trace delivery
