"""Sessions end after an idle hour (SESSION_COOKIE_AGE); nobody is surprised by it and
nothing typed is lost (WCAG 2.2.1 Timing adjustable).

- Two minutes before the end (SESSION_WARNING_SECONDS) the page opens a modal dialog
  (templates/includes/session_timeout.html, static/js/session-timeout.mjs): "Stay signed in"
  posts to `session_extend`, which touches the session; "Sign out" signs out. Without
  JavaScript there is no dialog and nothing else changes.
- A form sent after the session ended is kept: `KeepTypedFormMiddleware` stores what was
  typed (not passwords, not files) when the page sends the person to sign in, and after they
  sign in again as the same person, the same page's form is filled in with it
  (`GDSFormMixin` calls `restore_typed`) with a banner saying so. Someone else signing in on
  the same browser gets nothing: the kept data names the person it belongs to.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import resolve_url
from django.views.decorators.http import require_POST

KEPT_KEY = "sendhub_kept_form"
PERSON_COOKIE = "sendhub_person"
PERSON_SALT = "sendhub.session_timeout.person"
NOT_KEPT = ("csrfmiddlewaretoken", "password", "website")  # "website": the public forms' honeypot

_typed: ContextVar[dict[str, list[str]] | None] = ContextVar("sendhub_typed", default=None)


def warning_seconds() -> int:
    return getattr(settings, "SESSION_WARNING_SECONDS", 120)


@login_required
@require_POST
def session_extend(request: HttpRequest) -> HttpResponse:
    """Keep the session going ("Stay signed in"). SESSION_SAVE_EVERY_REQUEST renews it."""
    request.session.modified = True
    return JsonResponse({"expires_in": request.session.get_expiry_age()})


def restore_typed(form: Any) -> None:
    """Fill an unbound form with what this person typed into it before their session ended."""
    data = _typed.get()
    if not data:
        return
    from django.utils.datastructures import MultiValueDict

    values = MultiValueDict(data)
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if key not in values and not any(k.startswith(f"{key}_") for k in values):
            continue
        value = field.widget.value_from_datadict(values, {}, key)
        if value not in (None, "", [], ["", "", ""]):
            form.initial[name] = value


def _person(request: HttpRequest) -> str | None:
    try:
        return signing.loads(request.COOKIES.get(PERSON_COOKIE, ""), salt=PERSON_SALT)
    except signing.BadSignature:
        return None


class KeepTypedFormMiddleware:
    """Keeps a form sent after the session ended, and gives it back after signing in."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = None
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in and request.method == "GET":
            kept = request.session.get(KEPT_KEY)
            if kept and kept["path"] == request.path:
                del request.session[KEPT_KEY]
                if kept["person"] == str(user.pk):
                    token = _typed.set(kept["data"])
                    messages.info(
                        request,
                        "You were signed out because you did nothing for a while. We kept what you "
                        "typed: check it and send it again.",
                    )
        try:
            response = self.get_response(request)
        finally:
            if token is not None:
                _typed.reset(token)
        if signed_in:
            person = str(user.pk)
            if _person(request) != person:
                response.set_cookie(
                    PERSON_COOKIE,
                    signing.dumps(person, salt=PERSON_SALT),
                    max_age=60 * 60 * 24 * 30,
                    httponly=True,
                    samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                )
        elif request.method == "POST" and response.status_code == 302 and self._to_sign_in(response):
            person = _person(request)
            if person is not None:
                data = {
                    key: request.POST.getlist(key)
                    for key in request.POST
                    if not any(word in key.lower() for word in NOT_KEPT)
                }
                request.session[KEPT_KEY] = {"path": request.path, "person": person, "data": data}
        return response

    @staticmethod
    def _to_sign_in(response: HttpResponse) -> bool:
        return response.get("Location", "").split("?")[0] == resolve_url(settings.LOGIN_URL)
