"""Half-termly meetings: scheduling, calendar invitations, the agenda, the pack, minutes,
actions reviewed next time, escalation and the Partnership Board's figures."""

from datetime import date, datetime, time, timedelta
from io import BytesIO
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from icalendar import Calendar

from referrals.intake import services as referral_services
from referrals.meetings import services
from referrals.models import Action, Meeting, Referral
from sendhub.dates import LONDON
from sendhub.errors import DomainError
from sendhub.models import BankHoliday, Membership, Role, User
from tests.pdf import assert_accessible_pdf
from tests.referrals.conftest import verbal

# Tuesday 24 November 2026, in Autumn 2 (2 November to 18 December by England's defaults).
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def schedule(personas, day=date(2026, 12, 3), kind=Meeting.Kind.HUB, **extra):
    values = dict(
        actor=personas.coordinator,
        district=personas.district_a,
        kind=kind,
        day=day,
        start=time(13, 30),
        end=time(16),
        location="Room 2",
        invitees=[personas.panel],
    )
    values.update(extra)
    return services.meeting_schedule(**values)


def held(meeting, when=None):
    """Let the clock pass the meeting's start."""
    return time_machine.travel(when or meeting.starts_at + timedelta(minutes=5), tick=False)


class TestScheduling:
    def test_a_meeting_in_term_on_a_school_day_is_scheduled_with_the_panel_invited(self, personas):
        meeting = schedule(personas)
        assert meeting.half_term == 2 and meeting.academic_year == "2026/27"
        assert set(meeting.invitees.values_list("user", "agency")) == {
            (personas.coordinator.pk, ""),
            (personas.panel.pk, "health"),
        }

    @pytest.mark.parametrize(
        "day, message",
        [
            (date(2026, 12, 5), "is a weekend"),
            (date(2026, 12, 22), "school holidays"),
            (date(2026, 11, 23), "today or later"),
        ],
    )
    def test_impossible_days_are_refused_with_the_reason(self, personas, day, message):
        with pytest.raises(DomainError, match=message):
            schedule(personas, day=day)

    def test_a_bank_holiday_is_refused_and_never_proposed(self, personas):
        BankHoliday.objects.create(division="england-and-wales", date=date(2027, 1, 21), title="Test holiday")
        with pytest.raises(DomainError, match="bank holiday"):
            schedule(personas, day=date(2027, 1, 21))
        from sendhub.calendar.selectors import half_terms

        spring = half_terms("2026/27")[2]  # starts Monday 4 January 2027: the third-week Thursday is 21 January
        assert services.propose_date(district=personas.district_a, term=spring) == date(2027, 1, 28)

    def test_only_the_districts_panel_can_be_invited(self, personas):
        with pytest.raises(DomainError, match="panel members"):
            schedule(personas, invitees=[personas.senco_a])

    def test_only_the_districts_coordinator_schedules(self, personas):
        with pytest.raises(PermissionDenied):
            schedule(personas, actor=personas.panel)
        assert not Meeting.objects.exists()

    def test_the_list_warns_of_half_terms_with_no_meeting_or_two(self, client_for, personas):
        schedule(personas, day=date(2026, 12, 3))
        schedule(personas, day=date(2026, 12, 10))
        page = client_for(personas.coordinator).get(reverse("meetings:list")).content.decode()
        assert "has 2 meetings in Autumn 2" in page and "has no meeting in Spring 1" in page


class TestCalendarInvitations:
    def parse(self, client, meeting, **headers) -> dict:
        ics = client.get(reverse("meetings:ics", kwargs={"pk": meeting.pk}), **headers)
        assert ics["Content-Type"].startswith("text/calendar")
        calendar = Calendar.from_ical(ics.content)
        event = next(c for c in calendar.walk() if c.name == "VEVENT")
        attendees = event.get("ATTENDEE", [])
        attendees = attendees if isinstance(attendees, list) else [attendees]
        return {
            "organiser": event["ORGANIZER"],
            "attendees": {str(a): dict(a.params) for a in attendees},
            "url": urlsplit(str(event["URL"])),
            "method": str(calendar["METHOD"]),
            "uid": str(event["UID"]),
            "sequence": int(event["SEQUENCE"]),
            "start": event["DTSTART"].dt,
            "status": str(event["STATUS"]),
            "text": ics.content.decode(),
        }

    def test_moving_keeps_the_uid_and_raises_the_sequence_and_cancelling_cancels(self, client_for, personas, child):
        meeting = schedule(personas)
        client = client_for(personas.panel)
        first = self.parse(client, meeting)
        assert first["sequence"] == 0 and first["status"] == "CONFIRMED"
        assert first["start"] == datetime(2026, 12, 3, 13, 30, tzinfo=LONDON)
        services.meeting_move(
            actor=personas.coordinator,
            meeting=meeting,
            day=date(2026, 12, 10),
            start=time(10),
            end=time(12),
            location="Room 3",
            online_link="",
            invitees=[personas.panel],
        )
        moved = self.parse(client, meeting)
        assert moved["uid"] == first["uid"] and moved["sequence"] == 1
        assert moved["start"] == datetime(2026, 12, 10, 10, 0, tzinfo=LONDON)
        services.meeting_cancel(actor=personas.coordinator, meeting=meeting, reason="Snow")
        cancelled = self.parse(client, meeting)
        assert cancelled["method"] == "CANCEL" and cancelled["status"] == "CANCELLED" and cancelled["sequence"] == 2
        assert child.legal_first_name not in cancelled["text"]

    def test_an_invitee_is_asked_to_reply_to_the_coordinator_who_arranged_it(self, client_for, personas):
        meeting = schedule(personas)
        invitation = self.parse(client_for(personas.panel), meeting, HTTP_HOST="localhost:8143")
        assert invitation["method"] == "REQUEST"
        assert str(invitation["organiser"]) == f"mailto:{personas.coordinator.email}"
        assert personas.coordinator.full_name in invitation["organiser"].params["CN"]
        assert invitation["attendees"] == {
            f"mailto:{personas.panel.email}": {
                "CN": personas.panel.full_name,
                "ROLE": "REQ-PARTICIPANT",
                "PARTSTAT": "NEEDS-ACTION",
                "RSVP": "TRUE",
            },
            f"mailto:{personas.coordinator.email}": {
                "CN": personas.coordinator.full_name,
                "ROLE": "CHAIR",
                "PARTSTAT": "ACCEPTED",
                "RSVP": "FALSE",
            },
        }
        # Links follow the host and port the file came from, not a default port.
        assert invitation["url"].netloc == "localhost:8143"
        assert invitation["url"].path == reverse("meetings:detail", kwargs={"pk": meeting.pk})
        assert f"http://localhost:8143{invitation['url'].path}" in invitation["text"].replace("\r\n ", "")

    def test_a_reader_who_is_not_invited_gets_the_event_without_anyones_address(self, client_for, personas):
        meeting = schedule(personas, invitees=[])
        colleague = User.objects.create_user("second.coordinator@example.org", None, full_name="Ria Colleague")
        Membership.objects.create(user=colleague, role=Role.HUB_COORDINATOR, district=personas.district_a)
        reader = client_for(colleague)
        published = self.parse(reader, meeting, SERVER_NAME="localhost", SERVER_PORT="8144")
        assert published["method"] == "PUBLISH" and published["attendees"] == {}
        assert (
            "ATTENDEE" not in published["text"]
            and personas.coordinator.email not in published["text"].split("ORGANIZER")[0]
        )
        assert published["url"].netloc == "localhost:8144"
        services.meeting_cancel(actor=personas.coordinator, meeting=meeting, reason="Snow")
        cancelled = self.parse(reader, meeting)
        assert cancelled["method"] == "CANCEL" and cancelled["attendees"] == {}


class TestAgenda:
    def test_the_agenda_builds_itself_from_accepted_referrals(self, personas, submitted):
        referral_services.referral_accept(actor=personas.coordinator, referral=submitted)
        meeting = schedule(personas)
        assert list(meeting.agenda_items.values_list("referral", "kind")) == [(submitted.pk, "new")]

    def test_accepting_adds_to_the_next_scheduled_meeting(self, personas, submitted):
        meeting = schedule(personas)
        referral_services.referral_accept(actor=personas.coordinator, referral=submitted)
        assert meeting.agenda_items.get().referral == submitted

    def test_a_withdrawn_case_comes_off_the_agenda_and_out_of_the_pack(self, client_for, personas, submitted):
        meeting = schedule(personas)
        referral_services.referral_accept(actor=personas.coordinator, referral=submitted)
        referral_services.consent_withdraw(actor=personas.parent, referral=submitted)
        assert not meeting.agenda_items.filter(removed_at__isnull=True).exists()
        assert services.agenda_build(meeting=meeting) == 0
        page = (
            client_for(personas.coordinator).get(reverse("meetings:detail", kwargs={"pk": meeting.pk})).content.decode()
        )
        assert "Consent withdrawn" in page

    def test_the_coordinator_reorders_and_adds_other_business(self, client_for, personas, submitted):
        meeting = schedule(personas)
        referral_services.referral_accept(actor=personas.coordinator, referral=submitted)
        client = client_for(personas.coordinator)
        client.post(reverse("meetings:agenda_add", kwargs={"pk": meeting.pk}), {"title": "Feedback from the LMG"})
        other = meeting.agenda_items.get(kind="other")
        client.post(reverse("meetings:agenda_move", kwargs={"pk": other.pk}), {"direction": "up"})
        assert list(meeting.agenda_items.order_by("position").values_list("kind", flat=True)) == ["other", "new"]

    def test_a_case_not_discussed_at_a_held_meeting_rolls_over_to_the_next(self, personas, submitted, frozen):
        first = schedule(personas)
        referral_services.referral_accept(actor=personas.coordinator, referral=submitted)
        other = schedule(personas, day=date(2026, 12, 10))
        assert not other.agenda_items.exists()
        Meeting.objects.filter(pk=first.pk).update(status=Meeting.Status.HELD)
        services.agenda_build(meeting=other)
        assert other.agenda_items.get().referral == submitted


def minutes(personas, meeting, referral):
    item = meeting.agenda_items.get(referral=referral, removed_at__isnull=True)
    services.discussion_record(
        actor=personas.coordinator,
        item=item,
        present=list(meeting.invitees.all()),
        others_present="",
        discussion="Talked it through",
        strategies="Visual timetable",
        parent_summary="Everyone agreed to try a picture timetable.",
    )
    return item


class TestMinutesAndActions:
    def test_minutes_wait_until_the_meeting_has_started(self, personas, submitted):
        meeting = schedule(personas)
        referral_services.referral_accept(actor=personas.coordinator, referral=submitted)
        with pytest.raises(DomainError, match="once the meeting has started"):
            minutes(personas, meeting, submitted)

    def test_actions_agreed_are_reviewed_at_the_next_meeting_then_the_case_is_escalated(
        self, client_for, personas, submitted
    ):
        first = schedule(personas)
        referral_services.referral_accept(actor=personas.coordinator, referral=submitted)
        with held(first):
            item = minutes(personas, first, submitted)
            services.action_add(
                actor=personas.coordinator,
                item=item,
                description="Speech therapy assessment",
                owner="Dr Ali, health",
                agency="health",
                due_on=date(2027, 1, 28),
            )
            services.case_decide(actor=personas.coordinator, item=item, outcome="continue")
        submitted.refresh_from_db()
        assert submitted.status == Referral.Status.DISCUSSED
        second = schedule(personas, day=date(2027, 1, 28))
        review_item = second.agenda_items.get(referral=submitted)
        assert review_item.kind == "review"
        with held(second):
            minutes(personas, second, submitted)
            with pytest.raises(DomainError, match="Review the actions"):
                services.case_decide(actor=personas.coordinator, item=review_item, outcome="escalate")
            action = Action.objects.get()
            services.actions_review(
                actor=personas.coordinator, item=review_item, reviews={action.pk: ("did_not_work", "No change")}
            )
            services.case_decide(
                actor=personas.coordinator, item=review_item, outcome="escalate", note="Strategies have not worked"
            )
        submitted.refresh_from_db()
        assert submitted.status == Referral.Status.ESCALATED
        action.refresh_from_db()
        assert action.review == "did_not_work" and action.reviewed_at.agenda_item == review_item
        lmg = schedule(personas, day=date(2027, 2, 4), kind=Meeting.Kind.LMG)
        assert list(lmg.agenda_items.values_list("referral", "kind")) == [(submitted.pk, "escalated")]
        with held(lmg):
            lmg_item = minutes(personas, lmg, submitted)
            with pytest.raises(DomainError, match="continue or close"):
                services.case_decide(actor=personas.coordinator, item=lmg_item, outcome="escalate")
            services.case_decide(actor=personas.coordinator, item=lmg_item, outcome="close")
        submitted.refresh_from_db()
        assert submitted.status == Referral.Status.CLOSED

    def test_the_first_discussion_is_kept_on_the_referral_by_each_discussion_recorded(self, personas, submitted):
        """`first_discussed_at` (the dashboards' days to first discussion): the start of the earliest
        meeting that discussed the case, set by the first minutes and left by later ones and by edits."""
        first = schedule(personas)
        referral_services.referral_accept(actor=personas.coordinator, referral=submitted)
        submitted.refresh_from_db()
        assert submitted.first_discussed_at is None
        with held(first):
            item = minutes(personas, first, submitted)
            minutes(personas, first, submitted)  # the same minutes edited
            services.action_add(
                actor=personas.coordinator,
                item=item,
                description="Speech therapy assessment",
                owner="Dr Ali, health",
                agency="health",
                due_on=date(2027, 1, 28),
            )
            services.case_decide(actor=personas.coordinator, item=item, outcome="continue")
        submitted.refresh_from_db()
        assert submitted.first_discussed_at == first.starts_at
        second = schedule(personas, day=date(2027, 1, 28))
        with held(second):
            minutes(personas, second, submitted)
        submitted.refresh_from_db()
        assert submitted.first_discussed_at == first.starts_at
        # The same as counting from the discussions themselves.
        assert services.first_discussed_refresh([submitted.pk]) == 1
        submitted.refresh_from_db()
        assert submitted.first_discussed_at == first.starts_at

    def test_the_school_sees_the_outcome_and_actions_and_the_parent_a_plain_summary(
        self, client_for, personas, submitted
    ):
        meeting = schedule(personas)
        referral_services.referral_accept(actor=personas.coordinator, referral=submitted)
        with held(meeting):
            item = minutes(personas, meeting, submitted)
            services.action_add(
                actor=personas.coordinator,
                item=item,
                description="Picture timetable in class",
                owner="Mrs Hale, class teacher",
                agency="school",
                due_on=date(2027, 1, 28),
            )
            services.case_decide(actor=personas.coordinator, item=item, outcome="continue")
            school = (
                client_for(personas.senco_a)
                .get(reverse("referrals:detail", kwargs={"pk": submitted.pk}))
                .content.decode()
            )
            parent = (
                client_for(personas.parent)
                .get(reverse("referrals:detail", kwargs={"pk": submitted.pk}))
                .content.decode()
            )
        assert "Talked it through" in school and "Picture timetable in class" in school and "Continue" in school
        assert "Everyone agreed to try a picture timetable." in parent and "Picture timetable in class" in parent
        assert "Talked it through" not in parent

    def test_a_case_closed_takes_no_more_actions(self, personas, submitted):
        meeting = schedule(personas)
        referral_services.referral_accept(actor=personas.coordinator, referral=submitted)
        with held(meeting):
            item = minutes(personas, meeting, submitted)
            services.case_decide(actor=personas.coordinator, item=item, outcome="close")
            with pytest.raises(DomainError, match="closed"):
                services.action_add(
                    actor=personas.coordinator,
                    item=item,
                    description="x",
                    owner="y",
                    agency="school",
                    due_on=date(2027, 1, 1),
                )


class TestWhoSeesWhat:
    def test_panel_members_see_only_meetings_they_are_invited_to(self, client_for, personas, submitted):
        from sendhub.models import Agency, Role
        from tests.factories import member

        meeting = schedule(personas)
        other_panel = member(Role.PANEL_MEMBER, district=personas.district_a, agency=Agency.EDUCATION)
        assert client_for(other_panel).get(reverse("meetings:detail", kwargs={"pk": meeting.pk})).status_code == 404
        assert client_for(personas.panel).get(reverse("meetings:detail", kwargs={"pk": meeting.pk})).status_code == 200
        listing = client_for(other_panel).get(reverse("meetings:list")).content.decode()
        assert reverse("meetings:detail", kwargs={"pk": meeting.pk}) not in listing

    def test_the_pack_holds_only_the_cases_consent_lets_the_reader_see(self, client_for, personas, draft, child):
        from pypdf import PdfReader

        from tests.factories import ContactFactory, PupilFactory

        verbal(personas, draft)
        referral_services.referral_submit(actor=personas.senco_a, referral=draft)
        referral_services.referral_accept(actor=personas.coordinator, referral=draft)
        second = PupilFactory(school=personas.school_a, legal_first_name="Noor", legal_last_name="Education-Only")
        contact = ContactFactory(pupil=second)
        other = referral_services.referral_start(actor=personas.senco_a, pupil=second)
        referral_services.referral_update(
            actor=personas.senco_a, referral=other, concern="c", needs="n", support_tried="s"
        )
        verbal(personas, other, given_by_contact=contact, covers_health=False)
        referral_services.referral_submit(actor=personas.senco_a, referral=other)
        referral_services.referral_accept(actor=personas.coordinator, referral=other)
        meeting = schedule(personas)

        def text(user) -> str:
            response = client_for(user).get(reverse("meetings:pack", kwargs={"pk": meeting.pk}))
            return " ".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)

        page = client_for(personas.panel).get(reverse("meetings:detail", kwargs={"pk": meeting.pk})).content.decode()
        assert "Kit Referral-Test" in page and "Noor" not in page and "not shared with you" in page
        coordinator, panel = text(personas.coordinator), text(personas.panel)
        assert "Kit Referral-Test" in coordinator and "Noor Education-Only" in coordinator
        pack = client_for(personas.coordinator).get(reverse("meetings:pack", kwargs={"pk": meeting.pk})).content
        assert_accessible_pdf(pack, "Meeting pack: ", meeting.district.hub_name, f"{meeting.starts_at:%Y}")
        assert "Kit Referral-Test" in panel and "Noor" not in panel and "not shared with you" in panel

    def test_the_board_counts_without_names(self, client_for, personas, submitted):
        referral_services.referral_accept(actor=personas.coordinator, referral=submitted)
        page = client_for(personas.la_officer).get(reverse("meetings:board", kwargs={"pk": personas.district_a.pk}))
        html = page.content.decode()
        rows = page.context["rows"]
        assert [r.referred for r in rows] == [0, 1, 0, 0, 0, 0]
        assert submitted.pupil.legal_first_name not in html and submitted.pupil.legal_last_name not in html
        assert (
            client_for(personas.senco_a)
            .get(reverse("meetings:board", kwargs={"pk": personas.district_a.pk}))
            .status_code
            == 404
        )


class TestReadsAudited:
    """Each child a meeting page shows leaves one audit row: who, which record, when, which page."""

    def _two_cases(self, personas, draft):
        from tests.factories import ContactFactory, PupilFactory

        verbal(personas, draft)
        referral_services.referral_submit(actor=personas.senco_a, referral=draft)
        referral_services.referral_accept(actor=personas.coordinator, referral=draft)
        second = PupilFactory(school=personas.school_a, legal_first_name="Noor", legal_last_name="Education-Only")
        other = referral_services.referral_start(actor=personas.senco_a, pupil=second)
        referral_services.referral_update(
            actor=personas.senco_a, referral=other, concern="c", needs="n", support_tried="s"
        )
        verbal(personas, other, given_by_contact=ContactFactory(pupil=second), covers_health=False)
        referral_services.referral_submit(actor=personas.senco_a, referral=other)
        referral_services.referral_accept(actor=personas.coordinator, referral=other)
        return draft, other, schedule(personas)

    def _views(self, user, path):
        from sendhub.models import AuditEvent

        return sorted(
            AuditEvent.objects.filter(user=user, path=path, action="view", model="referrals.referral").values_list(
                "pupil_id", flat=True
            )
        )

    def test_the_meeting_page_and_pack_record_each_child_the_reader_sees(self, client_for, personas, draft):
        first, second, meeting = self._two_cases(personas, draft)
        for name in ["meetings:detail", "meetings:pack"]:
            url = reverse(name, kwargs={"pk": meeting.pk})
            assert client_for(personas.coordinator).get(url).status_code == 200
            assert self._views(personas.coordinator, url) == sorted([first.pupil_id, second.pupil_id])
            # The health panel member sees only the case whose consent covers health: only it is recorded.
            assert client_for(personas.panel).get(url).status_code == 200
            assert self._views(personas.panel, url) == [first.pupil_id]

    def test_a_case_page_records_its_child(self, client_for, personas, draft):
        first, _, meeting = self._two_cases(personas, draft)
        item = meeting.agenda_items.get(referral=first)
        url = reverse("meetings:case", kwargs={"pk": item.pk})
        assert client_for(personas.panel).get(url).status_code == 200
        assert self._views(personas.panel, url) == [first.pupil_id]
