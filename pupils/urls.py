app_name = "pupils"

urlpatterns: list = []
from .urls_ehc import urlpatterns as _ehc; urlpatterns += _ehc
