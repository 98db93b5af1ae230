from django.urls import path

from . import views

app_name = "consultations"

manage = "manage/<int:pk>/"

urlpatterns = [
    # Staff pages first: "manage" is never a consultation's slug.
    path("manage/", views.manage_list, name="manage_list"),
    path("manage/new/", views.manage_create, name="manage_create"),
    path(manage, views.manage_detail, name="manage_detail"),
    path(f"{manage}edit/", views.manage_edit, name="manage_edit"),
    path(f"{manage}questions/new/", views.manage_question_create, name="manage_question_create"),
    path(f"{manage}questions/<int:question_pk>/edit/", views.manage_question_edit, name="manage_question_edit"),
    path(f"{manage}questions/<int:question_pk>/remove/", views.manage_question_delete, name="manage_question_delete"),
    path(f"{manage}documents/new/", views.manage_document_create, name="manage_document_create"),
    path(f"{manage}documents/<int:document_pk>/", views.manage_document, name="manage_document"),
    path(f"{manage}documents/<int:document_pk>/remove/", views.manage_document_remove, name="manage_document_remove"),
    path(f"{manage}publish/", views.manage_publish, name="manage_publish"),
    path(f"{manage}unpublish/", views.manage_unpublish, name="manage_unpublish"),
    path(f"{manage}responses/", views.manage_responses, name="manage_responses"),
    path(f"{manage}responses.csv", views.manage_export_csv, name="manage_export_csv"),
    path(f"{manage}responses/export/", views.manage_export_start, name="manage_export_start"),
    path(f"{manage}responses/<int:response_pk>/", views.manage_response, name="manage_response"),
    path(f"{manage}responses/<int:response_pk>/status/", views.manage_response_status, name="manage_response_status"),
    path(
        f"{manage}responses/<int:response_pk>/answers/<int:answer_pk>/",
        views.manage_answer_moderate,
        name="manage_answer_moderate",
    ),
    path(f"{manage}summary.pdf", views.manage_summary_pdf, name="manage_summary_pdf"),
    path(f"{manage}summary/regenerate/", views.manage_summary_regenerate, name="manage_summary_regenerate"),
    path(f"{manage}outcome/", views.manage_outcome, name="manage_outcome"),
    # Public pages: no sign-in.
    path("", views.public_list, name="public_list"),
    path("<slug:slug>/", views.public_detail, name="public_detail"),
    path("<slug:slug>/respond/", views.public_respond, name="public_respond"),
    path("<slug:slug>/confirmation/<str:token>/", views.public_confirmation, name="public_confirmation"),
    path("<slug:slug>/privacy/", views.public_privacy, name="public_privacy"),
    path("<slug:slug>/documents/<int:document_pk>/", views.public_document, name="public_document"),
    path("<slug:slug>/summary.pdf", views.public_summary_pdf, name="public_summary_pdf"),
]
