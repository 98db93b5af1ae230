"""Signing in over HTTP as a person would, with a second factor when the portal asks for one.

When two-factor sign-in is on (staff in production), the step after the password shows a form
with an `otp_token` input. The key of the person's authenticator is then taken from
`python manage.py two_factor_enrol <email> --key-only` (it prints the base32 key), and the code
an authenticator app would show is computed here (RFC 6238: TOTP, HMAC-SHA1, 30 seconds, 6 digits).
Without that step the password alone signs in.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import struct
import subprocess
import sys
import time
from pathlib import Path

from http_client import Response, Session, forms

ROOT = Path(__file__).resolve().parents[2]


def totp(key: str, at: float | None = None, *, step: int = 30, digits: int = 6) -> str:
    """The RFC 6238 code for a base32 `key` at time `at` (now by default)."""
    secret = base64.b32decode(key.replace(" ", "").upper() + "=" * (-len(key.replace(" ", "")) % 8))
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(secret, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(code % 10**digits).zfill(digits)


def enrolled_key(email: str) -> str:
    """The person's TOTP key, from the management command (run with this process's environment)."""
    result = subprocess.run(
        [sys.executable, "manage.py", "two_factor_enrol", email, "--key-only"],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return [line for line in result.stdout.splitlines() if line.strip()][-1].strip()


def _otp_field(names: list[str]) -> str | None:
    # django-two-factor-auth prefixes its wizard's fields ("token-otp_token"): match the ending.
    return next((name for name in names if name == "otp_token" or name.endswith("-otp_token")), None)


def sign_in(session: Session, email: str, password: str) -> Response:
    """Sign in with email and password, then a TOTP code if asked; return the page reached."""
    page = session.get("/accounts/login/")
    assert page.status == 200, f"sign-in page: {page.status}"
    # "username" and "password", or with a wizard's prefix ("auth-username").
    form = next(f for f in forms(page.text) if any(name.endswith("password") for name in f.names))
    username_field = next(name for name in form.names if name.endswith("username"))
    password_field = next(name for name in form.names if name.endswith("password"))
    response = session.submit(page, form, {username_field: email, password_field: password})

    token_form = next((f for f in forms(response.text) if _otp_field(f.names)), None)
    if token_form is not None:
        key = enrolled_key(email)
        response = session.submit(response, token_form, {_otp_field(token_form.names): totp(key)})
    return response
