"""Pupil records, parents and carers, and CSV imports (joined to pupils/urls.py)."""

from django.urls import path

from pupils.records import views

urlpatterns = [
    path("", views.pupil_list, name="list"),
    path("find.json", views.pupil_find, name="find"),
    path("add/", views.pupil_add, name="add"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("<int:pk>/", views.pupil_detail, name="detail"),
    path("<int:pk>/edit/", views.pupil_edit, name="edit"),
    path("<int:pk>/access-log/", views.access_log, name="access_log"),
    path("<int:pk>/access-log.csv", views.access_log_csv, name="access_log_csv"),
    path("<int:pk>/contacts/add/", views.contact_add, name="contact_add"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/remove/", views.contact_remove, name="contact_remove"),
    path("contacts/<int:pk>/account/", views.contact_account, name="contact_account"),
    path("account-links/", views.account_links, name="account_links"),
]
