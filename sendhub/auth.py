"""Helpers for signing in."""

from django.http import HttpRequest


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """Count failed attempts per account whatever capitals the person typed."""
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(value).strip().lower()
