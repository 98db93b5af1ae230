"""SEN support: the graduated approach and meetings with parents (joined to pupils/urls.py)."""

from django.urls import path

from pupils.support import views

urlpatterns = [
    path("<int:pk>/support/start/", views.cycle_start, name="cycle_start"),
    path("<int:pk>/parent-meetings/add/", views.meeting_add, name="meeting_add"),
    path("support/<int:pk>/", views.cycle_detail, name="cycle"),
    path("support/<int:pk>/plan/", views.cycle_plan, name="cycle_plan"),
    path("support/<int:pk>/outcomes/add/", views.outcome_add, name="outcome_add"),
    path("support/<int:pk>/provision/add/", views.provision_add, name="provision_add"),
    path("support/<int:pk>/review/", views.cycle_review, name="cycle_review"),
    path("support/outcomes/<int:pk>/remove/", views.outcome_remove, name="outcome_remove"),
    path("support/provision/<int:pk>/remove/", views.provision_remove, name="provision_remove"),
]
