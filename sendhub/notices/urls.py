from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("", views.notice_list, name="list"),
    path("<int:pk>/read/", views.notice_read, name="read"),
    path("all-read/", views.notices_all_read, name="all_read"),
    path("preferences/", views.preferences, name="preferences"),
]
