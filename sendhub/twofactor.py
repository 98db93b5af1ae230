"""Two-factor sign-in: a code from an authenticator app (TOTP) or a single-use recovery code.

Built on django-otp. Signing in is two steps: the password (counted by django-axes), then
the code. Between them the person is *not* signed in: the session only remembers who
passed the password step, for a few minutes. Whoever has a confirmed device is always
asked for a code; people whose roles can see pupil data must set one up first when
`TWO_FACTOR_REQUIRED` is on. `RequireSecondFactorMiddleware` signs out any session that
reached a required account without a code (for example one opened before the setting
was turned on).
"""

from __future__ import annotations

import base64
import time
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import login, logout
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_ratelimit.core import get_usage

from . import audit
from .access import STAFF_ROLES, reach
from .models import AuditEvent, User

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
PENDING_KEY = "sendhub_two_factor_pending"
RECOVERY_CODES_KEY = "sendhub_two_factor_recovery_codes"
# How long the password step stays good while the person finds their phone.
PENDING_SECONDS = 10 * 60


# --- Who must use it ------------------------------------------------------------------


def can_see_pupil_data(user: Any) -> bool:
    """Staff roles (SENCo, leader, coordinator, panel, LA, trust, administrator) and Django staff."""
    if user.is_staff or user.is_superuser:
        return True
    return bool(reach(user).roles & STAFF_ROLES)


def is_required(user: Any) -> bool:
    return bool(settings.TWO_FACTOR_REQUIRED) and can_see_pupil_data(user)


def has_device(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- Devices ----------------------------------------------------------------------------


def new_app_device(user: User) -> TOTPDevice:
    """The unconfirmed device being set up (the same key until it is confirmed or replaced)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def typed_key(device: TOTPDevice) -> str:
    """The key as people type it into an app: base32, in groups of four."""
    key = base32_key(device)
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def base32_key(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    """An inline SVG QR code of the otpauth:// address: drawn here, no outside service."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=4)
    svg = image.to_string(encoding="unicode")
    return svg.replace("<svg ", '<svg role="img" aria-label="QR code for your authenticator app" ', 1)


@transaction.atomic
def confirm_app_device(*, user: User, device: TOTPDevice) -> list[str]:
    """The new app replaces any other; ten fresh recovery codes replace any old ones."""
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.name = APP_DEVICE_NAME
    device.save()
    return new_recovery_codes(user=user)


@transaction.atomic
def new_recovery_codes(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def enrol_key(*, user: User) -> TOTPDevice:
    """A confirmed app device with a new key, replacing any (the operator's `two_factor_enrol`)."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=True)


@transaction.atomic
def turn_off(*, user: User) -> None:
    """Remove every device of the account (only where the second factor is not required)."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()


@transaction.atomic
def reset(*, actor: User, user: User) -> None:
    """An administrator's reset: every device goes, and the audit trail says who did it."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    audit.record(actor, user, AuditEvent.Action.TWO_FACTOR_RESET)


def verify(user: User, token: str) -> Any:
    """The confirmed device that accepts the code (an app code or a recovery code), or None.

    django-otp counts a wrong code against each device and makes it wait longer after each.
    """
    token = "".join(token.split()).lower()
    if not token:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                return device
    return None


# --- Wrong codes: a limit per account ---------------------------------------------------


def _account_key(group: str, request: HttpRequest) -> str:
    return str(request.sendhub_two_factor_user_id)


def too_many_wrong_codes(request: HttpRequest, user: User, *, count: bool) -> bool:
    """Whether this account has had too many wrong codes lately; `count` adds one more."""
    request.sendhub_two_factor_user_id = user.pk
    usage = get_usage(
        request,
        group="sendhub.two_factor",
        key=_account_key,
        rate=settings.TWO_FACTOR_CODE_LIMIT,
        increment=count,
    )
    # The limit's last wrong code already ends the attempt.
    return bool(usage and usage["count"] >= usage["limit"])


# --- Between the password and the code ---------------------------------------------------


def start(request: HttpRequest, user: User, *, next_url: str) -> None:
    """The password was right: remember who, for a few minutes, without signing them in."""
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
        "next": next_url,
        "at": int(time.time()),
    }


def pending_user(request: HttpRequest) -> User | None:
    data = request.session.get(PENDING_KEY)
    if not data or time.time() - data.get("at", 0) > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=data["user"], is_active=True).first()


def forget_pending(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)


def finish(request: HttpRequest, user: User, device: Any) -> str:
    """Sign in with the code's device; returns where to go next."""
    data = request.session.pop(PENDING_KEY, None) or {}
    login(request, user, backend=data.get("backend", settings.AUTHENTICATION_BACKENDS[-1]))
    otp_login(request, device)
    return data.get("next") or reverse(settings.LOGIN_REDIRECT_URL)


class RequireSecondFactorMiddleware:
    """A session of an account that must use a second factor, without one, is signed out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.TWO_FACTOR_REQUIRED
            and user is not None
            and user.is_authenticated
            and not user.is_verified()
            and can_see_pupil_data(user)
        ):
            logout(request)
            return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
