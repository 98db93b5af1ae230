"""Pupil records: the list, a pupil's page, adding and changing pupils and their contacts, CSV imports."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from pupils.ehc.selectors import ehc_summary
from pupils.models import Contact, ParentMeeting, Placement, Pupil, PupilImport, SupportCycle
from pupils.places.timeline import keep_for_timeline as keep_places_for_timeline
from pupils.records import imports, services
from pupils.records.forms import ContactForm, ImportUploadForm, PupilFilter, PupilForm
from pupils.records.selectors import (
    BothEndsPaginator,
    kept_pupil_count,
    pupil_label,
    pupils_matching,
    referable_pupils,
)
from pupils.records.tables import pupil_rows
from pupils.records.timeline import TimelineEvent, timeline_for
from pupils.support.selectors import (
    NOTIONAL_SEN_BUDGET_THRESHOLD,
    PARENT_MEETINGS_PER_YEAR,
    support_figures,
    with_flags,
)
from pupils.support.timeline import keep_for_timeline
from sendhub import access, audit
from sendhub.errors import DomainError
from sendhub.http import action, form_page, pk_url, posted, posted_files
from sendhub.templatetags.sendhub_tags import long_date


@login_required
@require_GET
def pupil_list(request: HttpRequest) -> HttpResponse:
    schools = access.schools_where(request.user, "pupil", access.VIEW).order_by("name")
    school_count = schools.count()
    if not school_count:
        # Parents (and anyone reaching pupils only as a parent) see their own children.
        children = Pupil.objects.visible_to(request.user).select_related("school")
        return render(request, "pupils/records/children.html", {"page": access.visible_page(request, children)})
    base = with_flags(Pupil.objects.select_related("school"))
    filters = PupilFilter(
        request.GET or None, queryset=base, schools=schools, many_schools=school_count > 1, school_count=school_count
    )
    queryset = filters.qs if filters.is_bound and filters.is_valid() else base
    # The exact count from the counts kept per school where they hold it (PostgreSQL), else counted.
    count = kept_pupil_count(request.user, filters)
    # A name or UPN search reads and sorts all its matches: counted with the page, in one query.
    with_page = queryset is not base and filters.reads_every_match
    page = access.visible_page(
        request, queryset, paginator_class=partial(BothEndsPaginator, count=count, count_with_page=with_page)
    )
    detail_url = pk_url("pupils:detail")  # one reverse for the page, not one per row
    for pupil in page.object_list:
        pupil.detail_url = detail_url(pupil.pk)
    return render(
        request,
        "pupils/records/list.html",
        {
            "page": page,
            "rows": pupil_rows(
                many_schools=school_count > 1,
                meetings_target=PARENT_MEETINGS_PER_YEAR,
                threshold=NOTIONAL_SEN_BUDGET_THRESHOLD,
            ),
            "filters": filters,
            # Pupils listed at the schools where pupils are added (the same grants reach both):
            # then there is such a school; otherwise (none listed, or other grants) asked.
            "may_add": (
                page.paginator.count > 0 and access.same_schools_where(request.user, "pupil", access.VIEW, access.EDIT)
            )
            or access.schools_where(request.user, "pupil", access.EDIT).exists(),
        },
    )


def _timeline_items(events: list[TimelineEvent]) -> SafeString:
    """The timeline's items, as the template's loop wrote them (one string, not a loop per event)."""
    e = conditional_escape
    out = []
    for event in events:
        title = f'<a class="govuk-link" href="{e(event.url)}">{e(event.title)}</a>' if event.url else e(event.title)
        detail = f'<p class="govuk-body-s govuk-!-margin-bottom-0">{e(event.detail)}</p>' if event.detail else ""
        out.append(
            '\n  <li class="app-timeline__item">'
            f'\n    <p class="app-timeline__meta">{e(long_date(event.on))} · '
            f'<strong class="govuk-tag govuk-tag--grey">{e(event.kind)}</strong></p>'
            f'\n    <p class="app-timeline__title">{title}</p>'
            f"\n    {detail}"
            "\n  </li>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value escaped above


@login_required
@require_GET
def pupil_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pupil = access.get_visible_or_404(Pupil.objects.select_related("school"), request.user, pk=pk)
    as_staff = access.can(request.user, pupil, access.VIEW, roles=access.STAFF_ROLES, school=pupil.school)
    # Each section's rows through the access policy, for this pupil as read above (visible_for_pupil).
    cycles = list(access.visible_for_pupil(SupportCycle.objects.all(), request.user, pupil))
    open_cycle = next((c for c in cycles if c.is_open), None)
    if open_cycle is not None:
        # The page lists the outcomes of the open cycle only (and no cycle's provision).
        prefetch_related_objects([open_cycle], "outcomes")
    # Read once for both the page and its timeline (which takes them from the pupil object).
    meetings = list(access.visible_for_pupil(ParentMeeting.objects.all(), request.user, pupil))
    keep_for_timeline(pupil, request.user, cycles, meetings)
    places = list(
        access.visible_for_pupil(Placement.objects.all(), request.user, pupil)
        .select_related("hub")
        .order_by("-starts_on")
    )
    keep_places_for_timeline(pupil, request.user, places)
    timeline = timeline_for(pupil, request.user)
    context = {
        "pupil": pupil,
        "figures": support_figures(pupil, as_read=True),
        "cycles": cycles,
        "open_cycle": open_cycle,
        "meetings": meetings[:10],
        "timeline": timeline,
        "timeline_items": _timeline_items(timeline),
        "ehc": ehc_summary(pupil=pupil, user=request.user, today=timezone.localdate()),
        "places": places,
        "may_edit": access.can(request.user, pupil, access.EDIT, school=pupil.school),
        "may_support": access.may_at_school(request.user, pupil.school, "sen_support", access.EDIT),
    }
    if not as_staff:
        return render(request, "pupils/records/detail_parent.html", context)
    # Whether a contact has an account is their user_id: the accounts themselves are not read.
    context["contacts"] = access.visible_for_pupil(Contact.objects.all(), request.user, pupil)
    context["may_edit_contacts"] = access.may_at_school(request.user, pupil.school, "contact", access.EDIT)
    return render(request, "pupils/records/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def pupil_add(request: HttpRequest) -> HttpResponse:
    schools = access.schools_where(request.user, "pupil", access.EDIT).order_by("name")
    if not schools.exists():
        raise PermissionDenied
    form = PupilForm(posted(request), schools=schools)

    def save(data) -> str:
        pupil = services.pupil_create(actor=request.user, school=data["school"], data=data)
        return reverse("pupils:detail", kwargs={"pk": pupil.pk})

    return form_page(
        request, form, on_valid=save, title="Add a pupil", success="Pupil added", back_url=reverse("pupils:list")
    )


@login_required
@require_http_methods(["GET", "POST"])
def pupil_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pupil = access.get_visible_or_404(Pupil, request.user, action=access.EDIT, pk=pk)
    schools = access.schools_where(request.user, "pupil", access.EDIT).order_by("name")
    form = PupilForm(posted(request), initial=PupilForm.initial_for(pupil), schools=schools)

    def save(data) -> str:
        services.pupil_update(actor=request.user, pupil=pupil, data=data, school=data["school"])
        return reverse("pupils:detail", kwargs={"pk": pupil.pk})

    detail = reverse("pupils:detail", kwargs={"pk": pupil.pk})
    return form_page(
        request,
        form,
        on_valid=save,
        title=f"Change {pupil.name}’s details",
        caption=pupil.name,
        success="Pupil details saved",
        back_url=detail,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    pupil = access.get_visible_or_404(Pupil, request.user, action=access.EDIT, pk=pk)
    form = ContactForm(posted(request))
    detail = reverse("pupils:detail", kwargs={"pk": pupil.pk})

    def save(data) -> str:
        services.contact_add(actor=request.user, pupil=pupil, data=data)
        return detail + "#contacts"

    return form_page(
        request,
        form,
        on_valid=save,
        title="Add a parent or carer",
        caption=pupil.name,
        success="Contact added",
        back_url=detail,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = access.get_visible_or_404(
        Contact.objects.select_related("pupil"), request.user, action=access.EDIT, pk=pk
    )
    form = ContactForm(posted(request), initial=ContactForm.initial_for(contact))
    detail = reverse("pupils:detail", kwargs={"pk": contact.pupil_id})

    def save(data) -> str:
        services.contact_update(actor=request.user, contact=contact, data=data)
        return detail + "#contacts"

    return form_page(
        request,
        form,
        on_valid=save,
        title="Change a parent or carer",
        caption=contact.pupil.name,
        success="Contact saved",
        back_url=detail,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_remove(request: HttpRequest, pk: int) -> HttpResponse:
    contact = access.get_visible_or_404(
        Contact.objects.select_related("pupil"), request.user, action=access.EDIT, pk=pk
    )
    detail = reverse("pupils:detail", kwargs={"pk": contact.pupil_id})
    if request.method == "POST":

        def remove() -> str:
            services.contact_remove(actor=request.user, contact=contact)
            return detail + "#contacts"

        return action(request, remove, success=f"{contact.name} removed", failure_url=detail)
    return render(request, "pupils/records/contact_remove.html", {"contact": contact, "back_url": detail})


@login_required
@require_http_methods(["GET", "POST"])
def contact_account(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a parent an account (or take its link away): a confirmation page, then a POST."""
    contact = access.get_visible_or_404(
        Contact.objects.select_related("pupil", "user", "pending_user"), request.user, action=access.EDIT, pk=pk
    )
    detail = reverse("pupils:detail", kwargs={"pk": contact.pupil_id})
    if request.method == "POST":
        linked = contact.user_id is not None
        pending = contact.pending_user_id is not None

        def change() -> str:
            if linked or pending:
                services.contact_unlink_account(actor=request.user, contact=contact)
                done = (
                    f"{contact.name}'s account no longer sees this pupil's records"
                    if linked
                    else f"The request to {contact.name} is cancelled"
                )
            else:
                services.contact_give_account(actor=request.user, contact=contact)
                contact.refresh_from_db(fields=["user", "pending_user"])
                done = (
                    f"{contact.name} already has an account: we have asked them to confirm the link. "
                    "Nothing is shared until they do"
                    if contact.pending_user_id
                    else f"{contact.name} has an account and has been emailed"
                )
            messages.success(request, done)
            return detail + "#contacts"

        return action(request, change, failure_url=reverse("pupils:contact_account", kwargs={"pk": contact.pk}))
    return render(request, "pupils/records/contact_account.html", {"contact": contact, "back_url": detail})


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    schools = access.schools_where(request.user, "pupil", access.EDIT).order_by("name")
    if not schools.exists():
        raise PermissionDenied
    form = ImportUploadForm(posted(request), posted_files(request), schools=schools)

    def check(data) -> str:
        upload = data["file"]
        batch = imports.import_check(actor=request.user, school=data["school"], filename=upload.name, raw=upload.read())
        return reverse("pupils:import_preview", kwargs={"pk": batch.pk})

    return form_page(
        request,
        form,
        on_valid=check,
        title="Import pupils from a CSV file",
        template="pupils/records/import_upload.html",
        back_url=reverse("pupils:list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = access.get_visible_or_404(PupilImport.objects.select_related("school"), request.user, pk=pk)
    if not access.may_at_school(request.user, batch.school, "pupil", access.EDIT):
        raise PermissionDenied
    if request.method == "POST":
        try:
            batch = imports.import_confirm(actor=request.user, batch=batch)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("pupils:import_preview", pk=batch.pk)
        messages.success(request, f"{batch.added} pupils added and {batch.updated} updated")
        return redirect(reverse("pupils:list") + f"?school={batch.school_id}")
    errors = [(f"row-{row['row']}", f"Row {row['row']}: {message}") for row in batch.rows for message in row["errors"]]
    return render(
        request,
        "pupils/records/import_preview.html",
        {
            "batch": batch,
            "row_errors": errors,
            "has_errors": bool(errors or batch.file_errors),
            "add_count": batch.count("add"),
            "update_count": batch.count("update"),
        },
    )


# --- The access log a family sees (issue 14) ------------------------------------------------


def _own_child(request: HttpRequest, pk: int) -> Pupil:
    """The child of the signed-in parent; anyone else (staff included) gets a 404."""
    from sendhub.models import Role

    pupil = access.get_visible_or_404(Pupil.objects.select_related("school"), request.user, pk=pk)
    if not access.can(request.user, pupil, access.VIEW, roles=frozenset({Role.PARENT})):
        raise Http404
    return pupil


@login_required
@require_GET
def access_log(request: HttpRequest, pk: int) -> HttpResponse:
    from django.core.paginator import Paginator

    from pupils.records import access_log as log

    pupil = _own_child(request, pk)
    page = Paginator(log.events_for(pupil, request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "pupils/records/access_log.html",
        {"pupil": pupil, "page": page, "entries": log.entries(list(page.object_list), pupil)},
    )


@login_required
@require_GET
def access_log_csv(request: HttpRequest, pk: int) -> HttpResponse:
    import csv

    from pupils.records import access_log as log
    from sendhub.exports import csv_safe

    pupil = _own_child(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="access-log-{pupil.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(["When", "Who (role and organisation)", "What they did", "Record"])
    events = log.events_for(pupil, request.user)
    batch = 2000
    for start in range(0, events.count(), batch):
        for entry in log.entries(list(events[start : start + batch]), pupil):
            when = timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M")
            writer.writerow([when, csv_safe(entry.who), entry.action, csv_safe(entry.record)])
    return response


# --- Confirming an account link from your own sign-in (issue 14) ----------------------------


@login_required
@require_http_methods(["GET", "POST"])
def account_links(request: HttpRequest) -> HttpResponse:
    """Requests to link your account to a child's records: accept or decline. Until then nothing is shared."""
    from pupils.records.selectors import pending_links_for

    if request.method == "POST":
        contact = pending_links_for(request.user).filter(pk=request.POST.get("contact") or 0).first()
        if contact is None:
            messages.error(request, "This request is no longer waiting for you: the school may have cancelled it")
            return redirect("pupils:account_links")
        accept = request.POST.get("decision") == "accept"

        def decide() -> str:
            if accept:
                services.contact_link_accept(user=request.user, contact=contact)
                return reverse("pupils:list")
            services.contact_link_decline(user=request.user, contact=contact)
            return reverse("pupils:account_links")

        done = "Your account is linked: you can now see the child's records" if accept else "Request declined"
        return action(request, decide, success=done, failure_url=reverse("pupils:account_links"))
    return render(request, "pupils/records/account_links.html", {"requests": pending_links_for(request.user)})


# Suggestions an autocomplete shows at once: enough to recognise the one you mean, never a roll.
FIND_LIMIT = 20


@login_required
@require_GET
@never_cache
def pupil_find(request: HttpRequest) -> JsonResponse:
    """Pupils whose name or UPN matches `q`, as JSON for an autocomplete (staff only, scoped, audited).

    `for=referral`: only the pupils the user may refer to a district hub (the referral start page).
    """
    if not access.reach(request.user).roles & access.STAFF_ROLES:
        raise PermissionDenied  # parents see their own children's pages, never a search
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    if request.GET.get("for") == "referral":
        pupils = referable_pupils(request.user)
    else:
        pupils = Pupil.objects.visible_to(request.user).select_related("school")
    found: list[Pupil] = []
    if len(query) >= 2:
        found = list(pupils_matching(pupils, query)[:FIND_LIMIT])
        audit.record_many(request.user, found, audit.AuditEvent.Action.LIST)
    return JsonResponse({"results": [{"id": p.pk, "label": pupil_label(p), "school": p.school.name} for p in found]})
