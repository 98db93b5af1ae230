from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from . import views
from .forms import NewPasswordForm, ResetRequestForm, SignInForm
from .session_timeout import session_extend

admin.site.site_header = "SEND Hub Portal administration"
admin.site.site_title = "SEND Hub Portal administration"

account_patterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            form_class=ResetRequestForm, success_url=reverse_lazy("password_reset_done")
        ),
        name="password_reset",
    ),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=NewPasswordForm),
        name="password_reset_confirm",
    ),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    # "Stay signed in" in the session timeout dialog (sendhub/session_timeout.py)
    path("session/extend/", session_extend, name="session_extend"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include(account_patterns)),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("calendar/", include("sendhub.calendar.urls")),
    path("hubs/", include("hubs.urls")),
    path("hubs/", include("pupils.places.urls")),
    path("pupils/", include("pupils.urls")),
    path("referrals/", include("referrals.intake.urls")),
    path("meetings/", include("referrals.meetings.urls")),
    path("consultations/", include("consultations.urls")),
    path("admin/", admin.site.urls),
]
