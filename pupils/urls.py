from django.urls import path

from .views import imports, pupils, support

app_name = "pupils"

urlpatterns = [
    path("", pupils.pupil_list, name="list"),
    path("add/", pupils.pupil_add, name="add"),
    path("import/", imports.import_upload, name="import"),
    path("import/<int:pk>/", imports.import_preview, name="import_preview"),
    path("<int:pk>/", pupils.pupil_detail, name="detail"),
    path("<int:pk>/edit/", pupils.pupil_edit, name="edit"),
    path("<int:pk>/contacts/add/", pupils.contact_add, name="contact_add"),
    path("contacts/<int:pk>/edit/", pupils.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/remove/", pupils.contact_remove, name="contact_remove"),
    path("contacts/<int:pk>/account/", pupils.contact_account, name="contact_account"),
    path("<int:pk>/support/start/", support.cycle_start, name="cycle_start"),
    path("<int:pk>/parent-meetings/add/", support.meeting_add, name="meeting_add"),
    path("support/<int:pk>/", support.cycle_detail, name="cycle"),
    path("support/<int:pk>/plan/", support.cycle_plan, name="cycle_plan"),
    path("support/<int:pk>/outcomes/add/", support.outcome_add, name="outcome_add"),
    path("support/<int:pk>/provision/add/", support.provision_add, name="provision_add"),
    path("support/<int:pk>/review/", support.cycle_review, name="cycle_review"),
    path("support/outcomes/<int:pk>/remove/", support.outcome_remove, name="outcome_remove"),
    path("support/provision/<int:pk>/remove/", support.provision_remove, name="provision_remove"),
]

from .urls_ehc import urlpatterns as _ehc  # noqa: E402

urlpatterns += _ehc
