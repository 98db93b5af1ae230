from django.urls import path

from . import views

app_name = "trusthub"

urlpatterns = [
    path("", views.index, name="index"),
    path("offers/<int:pk>/", views.offer, name="offer"),
    path("offers/<int:pk>/publish/", views.offer_publish, name="offer_publish"),
    path("tiers/<int:pk>/edit/", views.tier_edit, name="tier_edit"),
    path("tiers/<int:pk>/sessions/add/", views.session_add, name="session_add"),
    path("sessions/<int:pk>/", views.session, name="session"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/parallel/add/", views.parallel_add, name="parallel_add"),
    path("sessions/<int:pk>/invitation.ics", views.session_ics_view, name="session_ics"),
    path("sessions/<int:pk>/book/", views.book, name="book"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("bookings/", views.bookings, name="bookings"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("bookings/<int:pk>/feedback/", views.feedback, name="feedback"),
]
