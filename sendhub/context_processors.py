from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .navigation import navigation_for


def _unread(request: HttpRequest) -> int:
    from .models import Notification

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def service(request: HttpRequest) -> dict:
    navigation = navigation_for(request)
    return {
        "service_name": settings.SERVICE_NAME,
        "navigation": navigation,
        "navigation_section": next((item["text"] for item in navigation if item["current"]), ""),
        "session_timeout_seconds": settings.SESSION_COOKIE_AGE,
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
        # The header's unread count: one COUNT, only when the header shows it.
        "unread_notices": SimpleLazyObject(lambda: _unread(request)),
    }
