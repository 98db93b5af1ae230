from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import background_views, password_reset, twofactor_views, views
from .forms import NewPasswordForm
from .session_timeout import session_extend

admin.site.site_header = "SEND Hub Portal administration"
admin.site.site_title = "SEND Hub Portal administration"

account_patterns = [
    path("login/", twofactor_views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        password_reset.ResetRequestView.as_view(),
        name="password_reset",
    ),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=NewPasswordForm),
        name="password_reset_confirm",
    ),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    # --- Two-factor sign-in and your account (issue 14) ---
    path("", twofactor_views.account, name="account"),
    path("login/code/", twofactor_views.verify, name="two_factor_verify"),
    path("two-factor/set-up/", twofactor_views.setup, name="two_factor_setup"),
    path("two-factor/recovery-codes/", twofactor_views.recovery_codes, name="two_factor_recovery_codes"),
    path("two-factor/turn-off/", twofactor_views.turn_off, name="two_factor_turn_off"),
    # "Stay signed in" in the session timeout dialog (sendhub/session_timeout.py)
    path("session/extend/", session_extend, name="session_extend"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include(account_patterns)),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/", include("sendhub.notices.urls")),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("background-tasks/", background_views.background_tasks, name="background_tasks"),
    # A 404 unless SMOKE_TEST_ERROR_ROUTE is on: the production smoke test's server error.
    path("smoke-test/error/", views.smoke_test_error, name="smoke_test_error"),
    path("calendar/", include("sendhub.calendar.urls")),
    path("downloads/", include("sendhub.downloads.urls")),
    path("hubs/", include("hubs.urls")),
    path("hubs/", include("pupils.places.urls")),
    path("pupils/", include("pupils.urls")),
    path("referrals/", include("referrals.intake.urls")),
    path("meetings/", include("referrals.meetings.urls")),
    path("consultations/", include("consultations.urls")),
    path("trust-hub/", include("trusthub.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("admin/login/", twofactor_views.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
]
