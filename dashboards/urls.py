from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
    path("published-timeliness/", views.timeliness_upload, name="timeliness_upload"),
    path("snapshot/", views.snapshot, name="snapshot"),
    path("la/<int:pk>/statistical-neighbours/", views.neighbours, name="neighbours"),
    path("<str:kind>/<int:pk>/", views.show, name="show"),
    path("<str:kind>/<int:pk>/pdf/", views.pdf, name="pdf"),
    path("<str:kind>/<int:pk>/<str:table>.csv", views.table_csv, name="csv"),
]
