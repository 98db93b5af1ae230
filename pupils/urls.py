"""The pupils app's pages under /pupils/ (namespace "pupils"), gathered from its sub-domains."""

from pupils.ehc.urls import urlpatterns as ehc_urls
from pupils.records.urls import urlpatterns as records_urls
from pupils.support.urls import urlpatterns as support_urls

app_name = "pupils"

urlpatterns = [*records_urls, *support_urls, *ehc_urls]
