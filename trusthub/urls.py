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

from . import views_advice  # noqa: E402

urlpatterns += [
    path("advice/", views_advice.advice_list, name="advice_list"),
    path("advice/ask/", views_advice.advice_ask, name="advice_ask"),
    path("advice/ask/child/", views_advice.advice_ask_child, name="advice_ask_child"),
    path("advice/ask/child/<int:pupil>/", views_advice.advice_ask_child_consent, name="advice_ask_child_consent"),
    path("advice/<int:pk>/withdraw-consent/", views_advice.advice_withdraw_consent, name="advice_withdraw_consent"),
    path("advice/<int:pk>/", views_advice.advice_detail, name="advice"),
    path("advice/<int:pk>/answer/", views_advice.advice_answer, name="advice_answer"),
    path("advice/<int:pk>/reply/", views_advice.advice_reply, name="advice_reply"),
    path("advice/<int:pk>/clinic/", views_advice.advice_clinic, name="advice_clinic"),
    path("advice/<int:pk>/visit/", views_advice.advice_visit, name="advice_visit"),
]

from . import views_reviews  # noqa: E402

urlpatterns += [
    path("reviews/", views_reviews.review_list, name="reviews"),
    path("reviews/<int:pk>/", views_reviews.review, name="review"),
    path("reviews/<int:pk>/judgements/", views_reviews.judgements, name="review_judgements"),
    path("reviews/<int:pk>/actions/add/", views_reviews.action_add, name="review_action_add"),
    path("review-actions/<int:pk>/progress/", views_reviews.progress, name="review_progress"),
    path("hubs/<int:pk>/framework/", views_reviews.framework, name="framework"),
    path("hubs/<int:pk>/framework/grades/add/", views_reviews.grade_add, name="framework_grade_add"),
    path("hubs/<int:pk>/reviews/add/", views_reviews.review_add, name="review_add"),
]
