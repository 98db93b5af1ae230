from django.conf import settings
from django.http import HttpRequest

from .navigation import navigation_for


def service(request: HttpRequest) -> dict:
    navigation = navigation_for(request)
    return {
        "service_name": settings.SERVICE_NAME,
        "navigation": navigation,
        "navigation_section": next((item["text"] for item in navigation if item["current"]), ""),
        "session_timeout_seconds": settings.SESSION_COOKIE_AGE,
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
    }
