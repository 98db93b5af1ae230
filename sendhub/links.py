"""Absolute links, for emails, calendar files and documents: one rule for all of them.

While a request is being served, a link is built from that request's host and scheme
(`request.build_absolute_uri`), so it works on whatever port or name the person used. A Celery task
or a command has no request: its links start with `SITE_URL` (which `make run PORT=...` sets). Never
a fixed default port.
"""

from __future__ import annotations

from contextvars import ContextVar

from celery import signals
from django.conf import settings
from django.http import HttpRequest

_request: ContextVar[HttpRequest | None] = ContextVar("sendhub_link_request", default=None)


def absolute_url(path: str = "/", *, request: HttpRequest | None = None) -> str:
    """`path` (starting with "/") made absolute: from the request's host, else from SITE_URL."""
    if not path.startswith("/"):
        raise ValueError(f"absolute_url wants a path starting with '/', not {path!r}")
    request = request or _request.get()
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{settings.SITE_URL}{path}"


class RequestLinksMiddleware:
    """Remembers the request being served, so links made during it (in services, in emails) use its host.

    It runs after CommonMiddleware, so the host has already been checked against ALLOWED_HOSTS.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


# A task's links follow SITE_URL even when it runs eagerly inside a request (the embedded default).
_task_tokens: dict[str, object] = {}


@signals.task_prerun.connect
def _task_started(task_id=None, **kwargs) -> None:
    _task_tokens[task_id] = _request.set(None)


@signals.task_postrun.connect
def _task_finished(task_id=None, **kwargs) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        _request.reset(token)
