"""Meeting pages: the list, scheduling, the agenda, calendar invitations, the pack, minutes, the board."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from referrals.meetings import board as board_figures
from referrals.meetings import services
from referrals.meetings.forms import (
    ActionForm,
    DecideForm,
    DiscussionForm,
    MeetingForm,
    OtherItemForm,
    ReasonForm,
    ReviewForm,
)
from referrals.meetings.ics import meeting_ics
from referrals.models import Action, AgendaItem, CaseDiscussion, Meeting, MeetingInvitee, Referral
from sendhub import access
from sendhub.calendar.selectors import half_term_of, half_terms
from sendhub.dates import academic_year, academic_year_bounds
from sendhub.http import action, form_page, pk_url, posted
from sendhub.models import District, Membership, Role
from sendhub.pdf import render_pdf

MEETINGS = Meeting.objects.select_related("district__local_authority")
# What a meeting's agenda shows of each case (and the audit trail needs): the child's names and
# their school's, read onto the referral itself (one object a row, not three).
CASE_ON_AGENDA = ("id", "pupil_id", "school_id", "hub_id", "status")
CASE_NAMES = {
    "legal_first_name": F("pupil__legal_first_name"),
    "legal_last_name": F("pupil__legal_last_name"),
    "preferred_first_name": F("pupil__preferred_first_name"),
    "preferred_last_name": F("pupil__preferred_last_name"),
    "school_name": F("pupil__school__name"),
}


def _case_name(case: Referral) -> str:
    """The child's name as `Pupil.name` writes it, from the names read onto the referral."""
    first = case.preferred_first_name or case.legal_first_name
    last = case.preferred_last_name or case.legal_last_name
    return f"{first} {last}"


def _meeting(request: HttpRequest, pk: int, action_name: str = access.VIEW) -> Meeting:
    return access.get_visible_or_404(MEETINGS, request.user, action=action_name, pk=pk)


def _item(request: HttpRequest, pk: int, action_name: str = access.VIEW) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__district"), pk=pk)
    meeting = _meeting(request, item.meeting_id, action_name)
    item.meeting = meeting
    return item


def _label(request: HttpRequest) -> str:
    label = request.GET.get("year", "")
    try:
        academic_year_bounds(label)
    except (TypeError, ValueError):
        return academic_year(timezone.localdate())
    return label


def _detail_url(meeting_id: int) -> str:
    return reverse("meetings:detail", kwargs={"pk": meeting_id})


def _people(district: District) -> list[tuple[int, str]]:
    rows = (
        Membership.objects.current()
        .filter(district=district, role=Role.PANEL_MEMBER)
        .select_related("user")
        .order_by("agency", "user__full_name")
    )
    return [(m.user_id, f"{m.user.full_name} ({m.get_agency_display()})") for m in rows]


@login_required
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    r = access.reach(request.user)
    if not (r.coordinator_districts or r.panel_districts or r.is_admin):
        raise PermissionDenied
    label = _label(request)
    meetings = (
        Meeting.objects.visible_to(request.user)
        .filter(academic_year=label)
        .select_related("district")
        .order_by("starts_at")
    )
    districts = (
        District.objects.filter(pk__in=r.coordinator_districts).select_related("local_authority").order_by("name")
    )
    warnings = [
        (district, [(term, count) for term, count in services.half_term_warnings(district=district, label=label)])
        for district in districts
    ]
    return render(
        request,
        "referrals/meetings/list.html",
        {
            "meetings": list(meetings[:200]),
            "year": label,
            "warnings": warnings,
            "districts": districts,
            "today": timezone.localdate(),
        },
    )


def _district_to_coordinate(request: HttpRequest) -> District:
    districts = access.reach(request.user).coordinator_districts
    if not districts:
        raise PermissionDenied
    wanted = request.GET.get("district") or request.POST.get("district_id")
    pk = int(wanted) if wanted and str(wanted).isdigit() and int(wanted) in districts else min(districts)
    return District.objects.select_related("local_authority").get(pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest) -> HttpResponse:
    district = _district_to_coordinate(request)
    today = timezone.localdate()
    term = half_term_of(today, district.local_authority)
    upcoming = [t for t in half_terms(academic_year(today), district.local_authority) if t.ends_on >= today]
    upcoming += half_terms(
        f"{int(academic_year(today)[:4]) + 1}/{(int(academic_year(today)[:4]) + 2) % 100:02d}", district.local_authority
    )
    booked = set(
        Meeting.objects.filter(district=district, kind=Meeting.Kind.HUB)
        .exclude(status=Meeting.Status.CANCELLED)
        .values_list("academic_year", "half_term")
    )
    target = next((t for t in upcoming if (t.academic_year, t.number) not in booked and t.ends_on >= today), term)
    proposed = services.propose_date(district=district, term=target) if target else None
    if proposed and proposed < today:
        proposed = None
    initial = {
        "kind": request.GET.get("kind", Meeting.Kind.HUB),
        "day": proposed,
        "starts_at": "1:30pm",
        "ends_at": "4pm",
        "invitees": [str(pk) for pk, _ in _people(district)],
    }
    form = MeetingForm(posted(request), initial=initial, people=_people(district))

    def save(data) -> str:
        invited = [
            m.user
            for m in Membership.objects.filter(district=district, user_id__in=data["invitees"]).select_related("user")
        ]
        meeting = services.meeting_schedule(
            actor=request.user,
            district=district,
            kind=data["kind"],
            day=data["day"],
            start=data["starts_at"],
            end=data["ends_at"],
            location=data["location"],
            online_link=data["online_link"],
            invitees=invited,
        )
        return _detail_url(meeting.pk)

    intro = f"For {district.hub_name}. " + (
        f"We suggest {proposed:%A %-d %B %Y}, in {target.name} {target.academic_year}: a school day that is "
        "not a bank holiday."
        if proposed
        else "Choose a school day in term time that is not a bank holiday."
    )
    return form_page(
        request,
        form,
        on_valid=save,
        title="Schedule a meeting",
        intro=intro,
        success="Meeting scheduled and invitations sent",
        back_url=reverse("meetings:list"),
    )


def _agenda_row(item: AgendaItem, case: Referral | None) -> SafeString:
    """An agenda item's `<li>` up to its editing controls, as the template wrote it (whitespace too):
    the case the reader may see with its link and school, or the words for one they may not, its
    kind and whether its minutes are recorded; or the title of other business."""
    if item.referral_id:
        if case is not None:
            link = f'<a class="govuk-link" href="{item.case_url}">{escape(_case_name(case))}</a>'
            shown = f"{link}, {escape(case.school_name)}"
        else:
            shown = "A case that is not shared with you (consent does not cover your agency)"
        minutes = '<strong class="govuk-tag govuk-tag--green">Minutes recorded</strong>' if item.discussed else ""
        body = (
            f"\n          \n          \n            {shown}\n          \n          \n"
            f'          <strong class="govuk-tag govuk-tag--grey">{escape(item.get_kind_display())}</strong>\n'
            f"          {minutes}\n        "
        )
    else:
        body = f"\n          {escape(item.title)}\n        "
    return mark_safe(f"\n      <li>\n        {body}\n        ")  # noqa: S308 - every value escaped here


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    # One transaction for the reads and both audit inserts: one commit (a WAL flush) instead of two.
    with transaction.atomic():
        meeting = _meeting(request, pk)
        may_edit = access.can(request.user, meeting, access.EDIT)
        # The whole agenda in one query, with whether each item's minutes are recorded; the items
        # taken off it are split off here.
        agenda = list(
            meeting.agenda_items.annotate(
                discussed=Exists(CaseDiscussion.objects.filter(agenda_item=OuterRef("pk")))
            ).order_by("position", "pk")
        )
        items = [item for item in agenda if item.removed_at is None]
        # Pupils are read only through the policy: a case the reader may not see stays a number. Only
        # what the agenda shows is read (a held meeting lists every case it discussed).
        cases = {
            r.pk: r
            for r in access.visible_records(
                request.user,
                Referral.objects.filter(pk__in=[i.referral_id for i in items if i.referral_id])
                .only(*CASE_ON_AGENDA)
                .annotate(**CASE_NAMES)
                .order_by(),
            )
        }
        removed = [item for item in agenda if item.removed_at is not None] if may_edit else []
        if any(item.referral_id for item in removed):
            # The meeting's coordinator sees the names of cases taken off the agenda: audited too.
            ids = [i.referral_id for i in removed if i.referral_id]
            taken_off = {r.pk: r for r in Referral.objects.filter(pk__in=ids).select_related("pupil")}
            for item in removed:
                if item.referral_id:
                    item.referral = taken_off[item.referral_id]
            access.record_shown(request.user, [i.referral for i in removed if i.referral_id])
        discussed = {item.pk for item in items if item.discussed}
    # What each row shows, worked out once here rather than per row in the template (a held
    # meeting lists dozens of cases): the row's HTML up to its editing controls.
    case_url = pk_url("meetings:case")
    for item in items:
        item.case_url = case_url(item.pk)
        item.head = _agenda_row(item, cases.get(item.referral_id) if item.referral_id else None)
    return render(
        request,
        "referrals/meetings/detail.html",
        {
            "meeting": meeting,
            "items": items,
            "cases": cases,
            "removed": removed,
            "discussed": discussed,
            "invitees": meeting.invitees.select_related("user"),
            "may_edit": may_edit,
            "editing": may_edit and meeting.status == Meeting.Status.SCHEDULED,
            "started": meeting.starts_at <= timezone.now(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, access.EDIT)
    local = timezone.localtime(meeting.starts_at)
    initial = {
        "day": local.date(),
        "starts_at": local.strftime("%H:%M"),
        "ends_at": timezone.localtime(meeting.ends_at).strftime("%H:%M"),
        "location": meeting.location,
        "online_link": meeting.online_link,
        "invitees": [str(pk) for pk in meeting.invitees.values_list("user_id", flat=True)],
    }
    form = MeetingForm(posted(request), initial=initial, people=_people(meeting.district), with_kind=False)

    def save(data) -> str:
        invited = [
            m.user
            for m in Membership.objects.filter(district=meeting.district, user_id__in=data["invitees"]).select_related(
                "user"
            )
        ]
        services.meeting_move(
            actor=request.user,
            meeting=meeting,
            day=data["day"],
            start=data["starts_at"],
            end=data["ends_at"],
            location=data["location"],
            online_link=data["online_link"],
            invitees=invited,
        )
        return _detail_url(meeting.pk)

    return form_page(
        request,
        form,
        on_valid=save,
        title="Change the meeting",
        caption=str(meeting),
        success="Meeting changed and the people invited told",
        back_url=_detail_url(meeting.pk),
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, access.EDIT)
    form = ReasonForm(
        posted(request),
        label="Why is the meeting cancelled?",
        required_message="Enter why the meeting is cancelled",
        submit="Cancel the meeting",
        warning=True,
    )

    def save(data) -> str:
        services.meeting_cancel(actor=request.user, meeting=meeting, reason=data["reason"])
        return _detail_url(meeting.pk)

    return form_page(
        request,
        form,
        on_valid=save,
        title="Cancel the meeting",
        caption=str(meeting),
        intro="The people invited are told, and their calendars updated. Its cases wait for the next meeting.",
        success="Meeting cancelled",
        back_url=_detail_url(meeting.pk),
    )


@login_required
@require_GET
def ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    response = HttpResponse(
        meeting_ics(meeting, reader=request.user, request=request), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="hub-meeting-{meeting.pk}.ics"'
    return response


@login_required
@require_GET
def pack(request: HttpRequest, pk: int) -> HttpResponse:
    """The agenda and each case's referral, restricted to what the reader's consent covers;
    withdrawn cases are not on the agenda at all."""
    meeting = _meeting(request, pk)
    items = list(meeting.agenda_items.filter(removed_at__isnull=True).order_by("position", "pk"))
    cases = {
        r.pk: r
        for r in access.visible_records(
            request.user,
            Referral.objects.filter(
                pk__in=[i.referral_id for i in items if i.referral_id], consent__withdrawn_at__isnull=True
            ).select_related("pupil__school", "consent"),
        )
    }
    html = render_to_string(
        "referrals/meetings/pack_pdf.html",
        {
            "meeting": meeting,
            "items": items,
            "cases": cases,
            "generated": timezone.localtime(),
            "reader": request.user,
        },
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="meeting-pack-{meeting.pk}.pdf"'
    return response


@login_required
@require_POST
def agenda_build(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, access.EDIT)
    added = services.agenda_build(meeting=meeting, actor=request.user)
    messages.success(request, f"The agenda is up to date: {added} case{'s' if added != 1 else ''} added")
    return redirect(_detail_url(meeting.pk))


@login_required
@require_http_methods(["GET", "POST"])
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, access.EDIT)
    form = OtherItemForm(posted(request))

    def save(data) -> str:
        services.agenda_add_other(actor=request.user, meeting=meeting, title=data["title"])
        return _detail_url(meeting.pk)

    return form_page(
        request,
        form,
        on_valid=save,
        title="Add an item to the agenda",
        caption=str(meeting),
        success="Item added",
        back_url=_detail_url(meeting.pk),
    )


@login_required
@require_POST
def agenda_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk, access.EDIT)

    def move() -> str:
        services.agenda_move(actor=request.user, item=item, up=request.POST.get("direction") == "up")
        return _detail_url(item.meeting_id) + "#agenda"

    return action(request, move, failure_url=_detail_url(item.meeting_id))


@login_required
@require_http_methods(["GET", "POST"])
def agenda_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk, access.EDIT)
    form = ReasonForm(
        posted(request),
        label="Why does it come off the agenda?",
        required_message="Enter why the item comes off the agenda",
        submit="Take it off the agenda",
        warning=True,
    )

    def save(data) -> str:
        services.agenda_remove(actor=request.user, item=item, reason=data["reason"])
        return _detail_url(item.meeting_id)

    return form_page(
        request,
        form,
        on_valid=save,
        title="Take an item off the agenda",
        caption=f"{item.referral.pupil.name}, {item.meeting}" if item.referral_id else str(item.meeting),
        success="Taken off the agenda",
        back_url=_detail_url(item.meeting_id),
    )


def _case(request: HttpRequest, pk: int, action_name: str = access.VIEW) -> AgendaItem:
    item = _item(request, pk, action_name)
    if item.referral_id is None:
        raise Http404  # not a case
    # Not visible (consent): a 404. Through the policy, so the read is audited.
    item.referral = access.get_visible_or_404(
        Referral.objects.select_related("pupil__school"), request.user, pk=item.referral_id
    )
    return item


@login_required
@require_GET
def case(request: HttpRequest, pk: int) -> HttpResponse:
    item = _case(request, pk)
    record = CaseDiscussion.objects.filter(agenda_item=item).prefetch_related("present__user").first()
    return render(
        request,
        "referrals/meetings/case.html",
        {
            "item": item,
            "meeting": item.meeting,
            "referral": item.referral,
            "record": record,
            "actions": Action.objects.visible_to(request.user)
            .filter(referral=item.referral_id)
            .select_related("agreed_at__agenda_item__meeting", "reviewed_at__agenda_item__meeting"),
            "open_actions": list(services.open_actions_for(item)),
            "may_edit": access.can(request.user, item.meeting, access.EDIT) and item.removed_at is None,
            "started": item.meeting.starts_at <= timezone.now(),
        },
    )


def _case_url(item: AgendaItem) -> str:
    return reverse("meetings:case", kwargs={"pk": item.pk})


@login_required
@require_http_methods(["GET", "POST"])
def discussion(request: HttpRequest, pk: int) -> HttpResponse:
    item = _case(request, pk, access.EDIT)
    record = CaseDiscussion.objects.filter(agenda_item=item).first()
    invitees = MeetingInvitee.objects.filter(meeting=item.meeting).select_related("user")
    initial = (
        {"present": list(invitees)}
        if record is None
        else {
            "present": list(record.present.all()),
            "others_present": record.others_present,
            "discussion": record.discussion,
            "strategies": record.strategies,
            "parent_summary": record.parent_summary,
        }
    )
    form = DiscussionForm(posted(request), initial=initial, invitees=invitees)

    def save(data) -> str:
        services.discussion_record(actor=request.user, item=item, **data)
        return _case_url(item)

    return form_page(
        request,
        form,
        on_valid=save,
        title="Record the discussion",
        caption=f"{item.referral.pupil.name}, {item.meeting}",
        success="Minutes saved",
        back_url=_case_url(item),
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = _case(request, pk, access.EDIT)
    following = (
        Meeting.objects.filter(
            district=item.meeting.district_id,
            kind=item.meeting.kind,
            status=Meeting.Status.SCHEDULED,
            starts_at__gt=item.meeting.starts_at,
        )
        .order_by("starts_at")
        .first()
    )
    form = ActionForm(
        posted(request),
        initial={"due_on": timezone.localtime(following.starts_at).date() if following else None},
        owners=services.action_owner_choices(item.referral),
    )

    def save(data) -> str:
        services.action_add(actor=request.user, item=item, **data)
        return _case_url(item) + "#actions"

    return form_page(
        request,
        form,
        on_valid=save,
        title="Add an action",
        caption=f"{item.referral.pupil.name}, {item.meeting}",
        success="Action added",
        back_url=_case_url(item),
    )


@login_required
@require_http_methods(["GET", "POST"])
def actions_review(request: HttpRequest, pk: int) -> HttpResponse:
    item = _case(request, pk, access.EDIT)
    actions = list(services.open_actions_for(item))
    form = ReviewForm(posted(request), actions=actions)

    def save(data) -> str:
        services.actions_review(actor=request.user, item=item, reviews=form.reviews())
        return _case_url(item) + "#actions"

    intro = (
        "How did each action agreed at an earlier meeting go?"
        if actions
        else "There are no earlier actions to review for this case."
    )
    return form_page(
        request,
        form,
        on_valid=save,
        title="Review the actions",
        caption=f"{item.referral.pupil.name}, {item.meeting}",
        intro=intro,
        success="Review saved",
        back_url=_case_url(item),
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    item = _case(request, pk, access.EDIT)
    form = DecideForm(posted(request), at_lmg=item.meeting.kind == Meeting.Kind.LMG)

    def save(data) -> str:
        services.case_decide(actor=request.user, item=item, outcome=data["outcome"], note=data["note"])
        return _case_url(item)

    return form_page(
        request,
        form,
        on_valid=save,
        title="What happens next?",
        caption=f"{item.referral.pupil.name}, {item.meeting}",
        success="Decision saved; the school has been told",
        back_url=_case_url(item),
    )


@login_required
@require_GET
def boards(request: HttpRequest) -> HttpResponse:
    """The districts whose Partnership Board figures the user may see."""
    districts = [
        d
        for d in District.objects.select_related("local_authority").order_by("local_authority__name", "name")
        if access.can_see_district_board(request.user, d)
    ]
    if not districts:
        raise PermissionDenied
    return render(request, "referrals/meetings/boards.html", {"districts": districts})


@login_required
@require_GET
def board(request: HttpRequest, pk: int) -> HttpResponse:
    district = get_object_or_404(District.objects.select_related("local_authority"), pk=pk)
    if not access.can_see_district_board(request.user, district):
        raise Http404
    label = _label(request)
    figures = board_figures.board(district, label)
    start = int(label[:4])
    years = [f"{y}/{(y + 1) % 100:02d}" for y in range(start - 2, start + 2)]
    return render(
        request, "referrals/meetings/board.html", {"district": district, "year": label, "years": years, **figures}
    )
