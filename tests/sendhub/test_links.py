"""Links in emails and calendar files: from the request's host while one is served, from SITE_URL in a task."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from referrals.meetings.models import Meeting, MeetingInvitee
from referrals.tasks import meeting_reminders
from sendhub.links import RequestLinksMiddleware, absolute_url
from sendhub.models import OutboundEmail
from sendhub.services import notify


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://portal.example:8443"
    return settings.SITE_URL


def serving(host: str, work):
    """Run `work` while a request to `host` is being served, as a view would."""
    request = RequestFactory().get("/", HTTP_HOST=host)
    return RequestLinksMiddleware(lambda request: work())(request)


def test_outside_a_request_links_start_with_site_url(site_url):
    assert absolute_url("/meetings/") == "https://portal.example:8443/meetings/"
    assert absolute_url() == "https://portal.example:8443/"
    with pytest.raises(ValueError):
        absolute_url("meetings/")


def test_an_email_made_while_a_request_is_served_links_to_that_host(personas, site_url):
    serving(
        "localhost:8142",
        lambda: notify(
            users=[personas.coordinator], message="Hello", url="/meetings/", email_subject="Hi", kind="meeting"
        ),
    )
    assert "Sign in to SEND Hub Portal to see it: http://localhost:8142/meetings/" in OutboundEmail.objects.get().body
    # Once the request is over, links go back to SITE_URL.
    assert absolute_url("/x/") == "https://portal.example:8443/x/"


def test_a_task_made_email_follows_site_url_even_when_run_during_a_request(personas, site_url):
    now = timezone.now()
    meeting = Meeting.objects.create(
        academic_year="2026/27",
        half_term=1,
        created_by=personas.coordinator,
        district=personas.district_a,
        starts_at=now + timedelta(days=5),
        ends_at=now + timedelta(days=5, hours=2),
    )
    MeetingInvitee.objects.create(meeting=meeting, user=personas.coordinator)
    # Run eagerly inside a request (the embedded default runs tasks in the web process).
    serving("localhost:8142", lambda: meeting_reminders.apply())
    body = OutboundEmail.objects.get().body
    assert f"https://portal.example:8443/meetings/{meeting.pk}/" in body
    assert "localhost:8142" not in body
