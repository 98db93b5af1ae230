"""Half-termly meetings of district hubs and their Locality Management Groups, under /meetings/."""

from django.urls import path

from referrals.meetings import views as meetings

app_name = "meetings"

urlpatterns = [
    path("", meetings.meeting_list, name="list"),
    path("schedule/", meetings.schedule, name="schedule"),
    path("<int:pk>/", meetings.detail, name="detail"),
    path("<int:pk>/change/", meetings.edit, name="edit"),
    path("<int:pk>/cancel/", meetings.cancel, name="cancel"),
    path("<int:pk>/invitation.ics", meetings.ics, name="ics"),
    path("<int:pk>/pack.pdf", meetings.pack, name="pack"),
    path("<int:pk>/agenda/build/", meetings.agenda_build, name="agenda_build"),
    path("<int:pk>/agenda/add/", meetings.agenda_add, name="agenda_add"),
    path("agenda/<int:pk>/move/", meetings.agenda_move, name="agenda_move"),
    path("agenda/<int:pk>/remove/", meetings.agenda_remove, name="agenda_remove"),
    path("agenda/<int:pk>/", meetings.case, name="case"),
    path("agenda/<int:pk>/minutes/", meetings.discussion, name="discussion"),
    path("agenda/<int:pk>/actions/add/", meetings.action_add, name="action_add"),
    path("agenda/<int:pk>/review/", meetings.actions_review, name="actions_review"),
    path("agenda/<int:pk>/decide/", meetings.decide, name="decide"),
    path("board/", meetings.boards, name="boards"),
    path("board/<int:pk>/", meetings.board, name="board"),
]
