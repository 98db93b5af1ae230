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
    return {
        "service_name": settings.SERVICE_NAME,
        "navigation": navigation_for(request),
        # The header's unread count: one COUNT, only when the header shows it.
        "unread_notices": SimpleLazyObject(lambda: _unread(request)),
    }
