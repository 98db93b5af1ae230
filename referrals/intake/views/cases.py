"""Referral pages after the journey: lists, the coordinator's inbox and decisions, withdrawal."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from referrals.intake import services
from referrals.intake.forms import InboxFilter, MessageForm, PassForm, ReferralFilter, WithdrawForm
from referrals.models import Action, CaseDiscussion, Consent, Referral, ReferralEvent
from sendhub import access
from sendhub.http import action, form_page, pk_url, posted
from sendhub.pdf import render_pdf
from sendhub.plain_words import plain_status

CASES = Referral.objects.select_related("pupil__school", "hub__district", "school")
# The lists show a row per referral, never what the school wrote: only what a row shows is read
# (the child's names, the referring school's and the hub's names, the dates and the status).
LISTED = Referral.objects.select_related("pupil", "school", "hub").only(
    "id",
    "pupil_id",
    "school_id",
    "hub_id",
    "status",
    "created_at",
    "submitted_at",
    "pupil__legal_first_name",
    "pupil__legal_last_name",
    "pupil__preferred_first_name",
    "pupil__preferred_last_name",
    "school__name",
    "hub__name",
)


def content_sections(referral: Referral) -> list[tuple[str, str, str]]:
    """The referral's answers as (question, answer, journey step) rows."""
    return [
        ("The concern", referral.concern, "concern"),
        ("The child's needs", referral.needs, "concern"),
        ("What has been tried", referral.support_tried, "support"),
        ("Outcomes hoped for", referral.outcomes_hoped, "outcomes"),
        ("Views of the parent or carer", referral.parent_views, "views"),
        ("The child's views", referral.child_views, "views"),
    ]


def _short_date(moment) -> str:
    """`moment` as `{{ moment|date:"j M Y" }}` writes it (in local time; "" for none)."""
    if moment is None:
        return ""
    day = timezone.localtime(moment)
    return f"{day.day} {MONTHS_3[day.month].title()} {day.year:04d}"


def _status_tag(status: str) -> str:
    """`{% include "referrals/intake/_status_tag.html" %}` without its hint, as a list row shows it."""
    words = plain_status("referral", status)
    return f'\n<strong class="govuk-tag {escape(words.tag_class)}">{escape(words.label)}</strong>\n\n'


def _list_rows(referrals: list[Referral]) -> None:
    """Each row of the school's referral list, written once here rather than by a template per
    row (a `{% url %}`, two `|date` and an include of the status tag each): the same markup."""
    link = pk_url("referrals:detail")
    cell = '\n          <td class="govuk-table__cell">'
    for r in referrals:
        hub = r.hub.name if r.hub_id and r.hub.name else "Not chosen yet"
        r.row = mark_safe(  # noqa: S308 - every value escaped here
            '\n        <tr class="govuk-table__row">'
            f'{cell}<a class="govuk-link" href="{link(r.pk)}">{escape(r.pupil.name)}</a><br>'
            f'<span class="govuk-body-s">{escape(r.school.name)}</span></td>'
            f"{cell}{escape(hub)}</td>"
            f'{cell}<span class="app-nowrap">{_short_date(r.created_at)}</span></td>'
            f'{cell}<span class="app-nowrap">{_short_date(r.submitted_at) or "Not yet"}</span></td>'
            f"{cell}{_status_tag(r.status)}</td>"
            "\n        </tr>\n      "
        )


def _inbox_rows(referrals: list[Referral]) -> None:
    """Each row of the coordinator's inbox, written once here (the same markup as the template's)."""
    link = pk_url("referrals:detail")
    cell = '\n          <td class="govuk-table__cell">'
    for r in referrals:
        r.row = mark_safe(  # noqa: S308 - every value escaped here
            '\n        <tr class="govuk-table__row">'
            f'{cell}<a class="govuk-link" href="{link(r.pk)}">{escape(r.pupil.name)}</a></td>'
            f"{cell}{escape(r.school.name)}</td>"
            f"{cell}{escape(r.hub.name if r.hub_id else '')}</td>"
            f'{cell}<span class="app-nowrap">{_short_date(r.submitted_at)}</span></td>'
            "\n        </tr>\n      "
        )


def _detail_url(referral: Referral) -> str:
    return reverse("referrals:detail", kwargs={"pk": referral.pk})


@login_required
@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    filters = ReferralFilter(request.GET, queryset=LISTED, scope=Referral.objects.visible_to(request.user))
    page = access.visible_page(request, filters.filtered)
    _list_rows(page.object_list)
    r = access.reach(request.user)
    return render(
        request,
        "referrals/intake/list.html",
        {
            "page": page,
            "filters": filters,
            "may_refer": access.schools_where(request.user, "referral", access.EDIT).exists(),
            "is_coordinator": bool(r.coordinator_districts),
        },
    )


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """The coordinator's inbox: referrals waiting for a decision at their hubs."""
    r = access.reach(request.user)
    if not r.coordinator_districts and not r.is_admin:
        raise PermissionDenied
    triage = access.scope_q(Referral, request.user, "triage")
    waiting = LISTED.filter(status=Referral.Status.SUBMITTED)
    waiting = waiting.filter(triage) if triage is not None else waiting.none()
    filters = InboxFilter(request.GET, queryset=waiting, scope=waiting.visible_to(request.user))
    page = access.visible_page(request, filters.filtered)
    _inbox_rows(page.object_list)
    return render(
        request,
        "referrals/intake/inbox.html",
        {"page": page, "filters": filters},
    )


def _show_details(request: HttpRequest, referral: Referral) -> bool:
    """After consent is withdrawn the hub stops using the details: only the school, the parent and
    administrators still read them (the record of consent and withdrawal stays for everyone)."""
    try:
        withdrawn = referral.consent.withdrawn_at is not None
    except Consent.DoesNotExist:
        withdrawn = False
    if not withdrawn:
        return True
    return access.can(request.user, referral, "withdraw_consent") or access.reach(request.user).is_admin


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = access.get_visible_or_404(CASES, request.user, pk=pk)
    consent = Consent.objects.filter(referral=referral).select_related("given_by_contact", "withdrawn_by").first()
    as_staff = access.can(request.user, referral, access.VIEW, roles=access.STAFF_ROLES)
    events = (
        ReferralEvent.objects.visible_to(request.user).filter(referral=referral).select_related("actor")
        if as_staff
        else []
    )
    return render(
        request,
        "referrals/intake/detail.html",
        {
            "referral": referral,
            "consent": consent,
            "events": events,
            "as_staff": as_staff,
            "show_details": _show_details(request, referral),
            "may_edit": services.can_edit_referral(request.user, referral),
            "may_triage": services.can_triage(request.user, referral),
            "may_withdraw": services.can_withdraw_consent(request.user, referral),
            "may_read_consent_form": bool(consent and consent.document) and _may_read_consent_form(request, referral),
            "sections": content_sections(referral),
            "discussions": CaseDiscussion.objects.visible_to(request.user)
            .filter(referral=referral)
            .select_related("agenda_item__meeting")
            .order_by("agenda_item__meeting__starts_at"),
            "actions": Action.objects.visible_to(request.user).filter(referral=referral).order_by("due_on", "pk"),
            "latest_request": next((e for e in events if e.status == Referral.Status.MORE_INFORMATION), None)
            if referral.status == Referral.Status.MORE_INFORMATION
            else None,
        },
    )


def _triage_target(request: HttpRequest, pk: int) -> Referral:
    referral = access.get_visible_or_404(CASES, request.user, action="triage", pk=pk)
    return referral


@login_required
@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _triage_target(request, pk)
    if request.method == "POST":

        def do() -> str:
            services.referral_accept(actor=request.user, referral=referral)
            return _detail_url(referral)

        return action(request, do, success="Referral accepted for the next meeting", failure_url=_detail_url(referral))
    return render(
        request,
        "referrals/intake/confirm.html",
        {
            "referral": referral,
            "title": "Accept this referral for the next meeting?",
            "body": "It will go on the agenda of the hub's next half-termly meeting, and the school will be told.",
            "button": "Accept the referral",
            "warning": False,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_information(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _triage_target(request, pk)
    form = MessageForm(posted(request))

    def save(data) -> str:
        services.referral_request_information(actor=request.user, referral=referral, message=data["message"])
        return _detail_url(referral)

    return form_page(
        request,
        form,
        on_valid=save,
        title="Ask the school for more information",
        caption=f"Referral of {referral.pupil.name}",
        success="The school has been asked for more information",
        back_url=_detail_url(referral),
    )


@login_required
@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _triage_target(request, pk)
    form = MessageForm(
        posted(request), label="Why is the referral declined?", required_message="Enter why the referral is declined"
    )

    def save(data) -> str:
        services.referral_decline(actor=request.user, referral=referral, reason=data["message"])
        return _detail_url(referral)

    return form_page(
        request,
        form,
        on_valid=save,
        title="Decline the referral",
        caption=f"Referral of {referral.pupil.name}",
        intro="The school will see your reason.",
        success="Referral declined",
        back_url=_detail_url(referral),
    )


@login_required
@require_http_methods(["GET", "POST"])
def pass_on(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _triage_target(request, pk)
    form = PassForm(posted(request), hubs=services.hubs_to_pass_to(referral))

    def save(data) -> str:
        services.referral_pass(actor=request.user, referral=referral, hub=data["hub"], note=data["note"])
        return reverse("referrals:inbox")

    return form_page(
        request,
        form,
        on_valid=save,
        title="Pass the referral to another district's hub",
        caption=f"Referral of {referral.pupil.name}",
        success="Referral passed on",
        back_url=_detail_url(referral),
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw_consent(request: HttpRequest, pk: int) -> HttpResponse:
    referral = access.get_visible_or_404(CASES, request.user, action="withdraw_consent", pk=pk)
    if not services.can_withdraw_consent(request.user, referral):
        raise PermissionDenied
    form = WithdrawForm(posted(request))

    def save(data) -> str:
        services.consent_withdraw(actor=request.user, referral=referral, note=data["note"])
        return _detail_url(referral)

    return form_page(
        request,
        form,
        on_valid=save,
        title="Withdraw consent for this referral",
        caption=f"Referral of {referral.pupil.name}",
        intro="The referral stops at once. It comes off the hub's future meeting agendas, and panel members can no "
        "longer see it. The record that consent was given and withdrawn is kept.",
        success="Consent withdrawn: the referral has stopped",
        back_url=_detail_url(referral),
    )


def _may_read_consent_form(request: HttpRequest, referral: Referral) -> bool:
    """The signed form: the referring school, the hub's coordinator, the parent, administrators."""
    return (
        access.can(request.user, referral, access.EDIT)
        or access.can(request.user, referral, "triage")
        or access.can(request.user, referral, "withdraw_consent")
        or access.reach(request.user).is_admin
    )


@login_required
@require_GET
def consent_document(request: HttpRequest, pk: int) -> HttpResponse:
    referral = access.get_visible_or_404(CASES, request.user, pk=pk)
    consent = Consent.objects.filter(referral=referral).first()
    if consent is None or not consent.document:
        raise Http404
    if not _may_read_consent_form(request, referral):
        raise PermissionDenied
    extension = consent.document.name.rsplit(".", 1)[-1]
    response = FileResponse(consent.document.open("rb"), content_type=consent.document_type)
    response["Content-Disposition"] = f'attachment; filename="consent-{referral.short_reference}.{extension}"'
    return response


@login_required
@require_GET
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The referral for the meeting pack: only what consent covers, and nothing once it is withdrawn."""
    referral = access.get_visible_or_404(CASES, request.user, pk=pk)
    consent = Consent.objects.filter(referral=referral).first()
    if consent is None or consent.withdrawn_at is not None or referral.status == Referral.Status.DRAFT:
        raise Http404
    html = render_to_string(
        "referrals/intake/referral_pdf.html",
        {
            "referral": referral,
            "consent": consent,
            "generated": timezone.localtime(),
        },
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="referral-{referral.short_reference}.pdf"'
    return response
