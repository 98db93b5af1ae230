from django.urls import path

from . import views

app_name = "downloads"

urlpatterns = [
    path("<int:pk>/", views.download_status, name="status"),
    path("<int:pk>/progress/", views.download_progress, name="progress"),
    path("<int:pk>/file/", views.download_file, name="file"),
]
