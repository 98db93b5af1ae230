app_name = "hubs"

urlpatterns: list = []

from .urls_gias import urlpatterns as _gias; urlpatterns += _gias  # noqa: E402,E702  schools register (GIAS)
