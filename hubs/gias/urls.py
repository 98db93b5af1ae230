"""URLs of the schools register import, joined to hubs/urls.py."""

from django.urls import path

from hubs.gias import views as views_gias

urlpatterns = [
    path("schools/import/", views_gias.gias_upload, name="gias_import"),
    path("schools/import/<int:pk>/", views_gias.gias_import_result, name="gias_import_result"),
]
