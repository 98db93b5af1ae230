"""The smoke test's own sign-in helper: the TOTP code and the second step, against a stand-in server.

(The real portal only asks for a code once two-factor sign-in is on; this checks the branch works.)
"""

from __future__ import annotations

import base64
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import signing_in
from http_client import Session
from signing_in import sign_in, totp

RFC_KEY = base64.b32encode(b"12345678901234567890").decode()  # RFC 6238 appendix B, SHA-1


@pytest.mark.parametrize(
    ("at", "code"),
    [(59, "94287082"), (1111111109, "07081804"), (1234567890, "89005924"), (2000000000, "69279037")],
)
def test_totp_gives_the_rfc_6238_test_vectors(at, code):
    assert totp(RFC_KEY, at, digits=8) == code


def test_totp_takes_keys_as_authenticator_apps_show_them():
    spaced = " ".join(RFC_KEY[i : i + 4] for i in range(0, len(RFC_KEY), 4)).lower()
    assert totp(spaced, 59) == totp(RFC_KEY, 59) == "287082"


class _TwoStepSignIn(BaseHTTPRequestHandler):
    """Password, then a code: the shape of django-two-factor-auth's sign-in wizard."""

    key = RFC_KEY
    signed_in: set[str] = set()

    def log_message(self, *args):
        pass

    def _page(self, html: str, status: int = 200, cookie: str | None = None):
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if cookie:
            self.send_header("Set-Cookie", cookie)
        self.end_headers()
        self.wfile.write(html.encode())

    def do_GET(self):
        if self.path == "/accounts/login/":
            self._page(
                '<form method="post"><input type="hidden" name="step" value="auth">'
                '<input name="auth-username"><input type="password" name="auth-password"></form>',
                cookie="sessionid=abc; Secure; HttpOnly; Path=/",
            )
        else:
            ok = "sessionid=abc" in (self.headers.get("Cookie") or "") and "abc" in self.signed_in
            self._page("<p>Sign out</p>" if ok else "<p>Sign in</p>")

    def do_POST(self):
        data = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        if data.get("step") == ["auth"]:
            assert data["auth-username"] == ["staff@example.org"] and data["auth-password"] == ["pw"]
            self._page(
                '<form method="post"><input type="hidden" name="step" value="token">'
                '<input name="token-otp_token" autocomplete="one-time-code"></form>'
            )
        elif data.get("step") == ["token"] and data.get("token-otp_token") == [totp(self.key)]:
            self.signed_in.add("abc")
            self.send_response(302)
            self.send_header("Location", "/")
            self.end_headers()
        else:
            self._page("<p>Wrong code</p>", status=200)


def test_sign_in_answers_the_code_step_with_the_enrolled_key(monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _TwoStepSignIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    asked = []
    monkeypatch.setattr(signing_in, "enrolled_key", lambda email: asked.append(email) or RFC_KEY)
    try:
        home = sign_in(Session(f"http://127.0.0.1:{server.server_port}"), "staff@example.org", "pw")
    finally:
        server.shutdown()
    assert asked == ["staff@example.org"] and home.status == 200 and "Sign out" in home.text
