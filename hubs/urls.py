from django.urls import path

from hubs import views
from hubs.gias.urls import urlpatterns as gias_urls

app_name = "hubs"

urlpatterns = [
    path("", views.hub_list, name="list"),
    path("<int:pk>/", views.hub_detail, name="detail"),
    path("schools/find.json", views.school_find, name="school_find"),
    path("<int:pk>/edit/", views.hub_edit, name="edit"),
    path("<int:pk>/commissioning/add/", views.agreement_add, name="agreement_add"),
    path("commissioning/<int:pk>/", views.agreement_detail, name="agreement"),
    path("commissioning/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
]

urlpatterns += gias_urls  # the schools register (GIAS)
