"""Hub meetings a week away: each invitee told once."""

from datetime import timedelta

from django.utils import timezone

from referrals.meetings.models import Meeting, MeetingInvitee
from referrals.meetings.reminders import meeting_reminders_send
from sendhub.models import Notification


def test_each_invitee_is_told_once_of_a_meeting_a_week_away(personas):
    district = personas.school_a.district
    now = timezone.now()
    soon = Meeting.objects.create(
        academic_year="2026/27",
        half_term=1,
        created_by=personas.coordinator,
        district=district,
        starts_at=now + timedelta(days=5),
        ends_at=now + timedelta(days=5, hours=2),
    )
    later = Meeting.objects.create(
        academic_year="2026/27",
        half_term=1,
        created_by=personas.coordinator,
        district=district,
        starts_at=now + timedelta(days=20),
        ends_at=now + timedelta(days=20, hours=2),
    )
    for meeting in (soon, later):
        MeetingInvitee.objects.create(meeting=meeting, user=personas.coordinator)
    today = timezone.localdate()
    assert meeting_reminders_send(today=today) == 1
    assert meeting_reminders_send(today=today) == 0
    notice = Notification.objects.get()
    assert notice.user == personas.coordinator and notice.url == f"/meetings/{soon.pk}/"
