"""Pages for signing in with two factors and for managing them from "Your account"."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from . import twofactor
from .errors import DomainError
from .forms import GDSForm, SignInForm
from .http import form_page, posted

WRONG_CODE = "The code is not right: enter the code your app shows now, or one of your recovery codes"
TOO_MANY = "You have entered too many wrong codes. Wait 15 minutes, then sign in again"


class CodeForm(GDSForm):
    """The second step of signing in. The input is named `otp_token` (scripts rely on the name)."""

    otp_token = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code your authenticator app shows, or one of your recovery codes",
        error_messages={"required": "Enter the code from your authenticator app"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "class": "govuk-input--width-10"}
        ),
    )

    def __init__(self, *args, setup: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if setup:
            field = self.fields["otp_token"]
            field.help_text = "The 6-digit code your authenticator app shows for SEND Hub Portal"
            field.widget.attrs["inputmode"] = "numeric"


class SignInView(auth_views.LoginView):
    """The password step. With a second factor (or one required), the code step follows."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if twofactor.has_device(user):
            twofactor.start(self.request, user, next_url=self.get_success_url())
            return redirect("two_factor_verify")
        if twofactor.is_required(user):
            twofactor.start(self.request, user, next_url=self.get_success_url())
            return redirect("two_factor_setup")
        return super().form_valid(form)


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Second step of signing in: the code from the app, or a recovery code."""
    if request.user.is_authenticated:
        return redirect("home")
    user = twofactor.pending_user(request)
    if user is None:
        messages.info(request, "Sign in again: enter your email address and password")
        return redirect("login")
    form = CodeForm(posted(request))

    def check(data) -> str:
        if twofactor.too_many_wrong_codes(request, user, count=False):
            twofactor.forget_pending(request)
            raise DomainError(TOO_MANY)
        device = twofactor.verify(user, data["otp_token"])
        if device is None:
            if twofactor.too_many_wrong_codes(request, user, count=True):
                twofactor.forget_pending(request)
                raise DomainError(TOO_MANY)
            raise DomainError(WRONG_CODE, field="otp_token")
        return twofactor.finish(request, user, device)

    return form_page(
        request,
        form,
        on_valid=check,
        title="Enter the code from your authenticator app",
        template="registration/two_factor_verify.html",
    )


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: at first sign-in (required) or from "Your account"."""
    signing_in = not request.user.is_authenticated
    user = twofactor.pending_user(request) if signing_in else request.user
    if user is None:
        messages.info(request, "Sign in again: enter your email address and password")
        return redirect("login")
    if signing_in and twofactor.has_device(user):
        # An app was set up meanwhile (another tab, or an operator's two_factor_enrol): its code signs in.
        return verify(request)
    device = twofactor.new_app_device(user)
    form = CodeForm(posted(request), setup=True)

    def confirm(data) -> str:
        if twofactor.too_many_wrong_codes(request, user, count=False):
            if signing_in:
                twofactor.forget_pending(request)
            raise DomainError(TOO_MANY)
        if not device.verify_token("".join(data["otp_token"].split())):
            twofactor.too_many_wrong_codes(request, user, count=True)
            raise DomainError(
                "The code is not right: check the app shows SEND Hub Portal and enter the code it shows now",
                field="otp_token",
            )
        codes = twofactor.confirm_app_device(user=user, device=device)
        if signing_in:
            twofactor.finish(request, user, device)
        else:
            from django_otp import login as otp_login

            otp_login(request, device)
        request.session[twofactor.RECOVERY_CODES_KEY] = codes
        return reverse("two_factor_recovery_codes")

    return form_page(
        request,
        form,
        on_valid=confirm,
        title="Set up two-factor sign-in",
        template="registration/two_factor_setup.html",
        signing_in=signing_in,
        required=twofactor.is_required(user),
        qr_svg=twofactor.qr_svg(device),
        typed_key=twofactor.typed_key(device),
        back_url=None if signing_in else reverse("account"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes are shown once, right after they are made."""
    if request.method == "POST":
        if not twofactor.has_device(request.user):
            messages.error(request, "Set up an authenticator app first")
            return redirect("account")
        request.session[twofactor.RECOVERY_CODES_KEY] = twofactor.new_recovery_codes(user=request.user)
        return redirect("two_factor_recovery_codes")
    codes = request.session.pop(twofactor.RECOVERY_CODES_KEY, None)
    return render(
        request,
        "registration/two_factor_recovery_codes.html",
        {
            "codes": codes,
            "has_device": twofactor.has_device(request.user),
            "left": twofactor.recovery_codes_left(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def turn_off(request: HttpRequest) -> HttpResponse:
    if twofactor.is_required(request.user):
        raise PermissionDenied("Your role needs two-factor sign-in")
    if request.method == "POST":
        twofactor.turn_off(user=request.user)
        messages.success(request, "Two-factor sign-in is off. You sign in with your password alone")
        return redirect("account")
    return render(request, "registration/two_factor_turn_off.html", {"back_url": reverse("account")})


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    """Your account: who you are signed in as, and your two-factor sign-in."""
    from .access import reach

    return render(
        request,
        "registration/account.html",
        {
            "has_device": twofactor.has_device(request.user),
            "required": twofactor.is_required(request.user),
            "left": twofactor.recovery_codes_left(request.user),
            "memberships": request.user.memberships.current().select_related(
                "school", "district", "local_authority", "trust"
            ),
            "is_parent": reach(request.user).is_parent,
        },
    )


def admin_login(request: HttpRequest) -> HttpResponse:
    """The Django admin signs in through the portal's own two steps."""
    target = reverse("login")
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{target}?{query}" if query else target)
