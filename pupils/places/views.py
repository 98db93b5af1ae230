"""Places in a mainstream SEND hub: occupancy, arranging and ending places, the register and summary."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from hubs.models import CommissioningAgreement, Hub
from pupils.models import EHCPlan, Placement, Pupil
from pupils.places import occupancy, services
from pupils.places.forms import PlacementEndForm, PlacementForm
from sendhub import access, audit
from sendhub.dates import academic_year, academic_year_bounds
from sendhub.exports import csv_safe
from sendhub.http import form_page, pk_url, posted
from sendhub.links import absolute_url
from sendhub.pdf import render_pdf
from sendhub.templatetags.sendhub_tags import long_date

MAINSTREAM = Hub.objects.filter(kind=Hub.Kind.MAINSTREAM).select_related("host_school__local_authority")


def _hub(request: HttpRequest, pk: int, action: str = access.VIEW) -> Hub:
    hub = get_object_or_404(MAINSTREAM, pk=pk)
    if not access.may_at_school(request.user, hub.host_school, "commissioning", access.VIEW):
        raise Http404
    if action != access.VIEW and not access.may_at_school(request.user, hub.host_school, "commissioning", action):
        raise PermissionDenied
    return hub


def _year(request: HttpRequest) -> str:
    label = request.GET.get("year", "")
    try:
        academic_year_bounds(label)
    except (TypeError, ValueError):
        return academic_year(timezone.localdate())
    return label


# What the list of plans without a place shows: the pupil's name, the school's, and when the plan was made.
_UNPLACED_FIELDS = (
    "issued_on",
    "pupil__legal_first_name",
    "pupil__legal_last_name",
    "pupil__preferred_first_name",
    "pupil__preferred_last_name",
    "pupil__school__name",
)


def _unplaced_plans(request: HttpRequest, hub: Hub, placed: set[int]):
    """Current plans naming the hub with no place arranged (held or offered) today or later.

    `placed`: the pupils with such a place (`occupancy.occupancy_and_placed`, read from the hub's
    places with its occupancy): excluded by id, which PostgreSQL plans much faster than a subquery.
    """
    plans = EHCPlan.objects.visible_to(request.user).filter(named_hub=hub, ceased_on__isnull=True)
    if placed:
        plans = plans.exclude(pupil_id__in=sorted(placed))
    return plans.select_related("pupil__school").only(*_UNPLACED_FIELDS)


# What the register's rows show (and the audit trail writes): the place, its pupil's name and school's.
_REGISTER_FIELDS = (
    "starts_on",
    "planned_end_on",
    "ended_on",
    "end_reason",
    "pupil__legal_first_name",
    "pupil__legal_last_name",
    "pupil__preferred_first_name",
    "pupil__preferred_last_name",
    "pupil__school__name",
)


def _short_date(day) -> str:
    """`day` as the `date:"j M Y"` filter writes it ("4 Mar 2026"; "" for none)."""
    return f"{day.day} {MONTHS_3[day.month].title()} {day.year:04d}" if day else ""


class _ShortListPaginator(Paginator):
    """A hub's register is short (a page or less): its first page is read with one row more than
    fits, and when the rest fits the count is that list's length, not a second query. A longer
    register, or any other page, is counted as usual (the same exact count, the same pages)."""

    def get_page(self, number):
        if number in (None, "", "1") and "count" not in self.__dict__:
            rows = list(self.object_list[: self.per_page + 1])
            if len(rows) <= self.per_page:
                self.__dict__["count"] = len(rows)  # Paginator.count is a cached_property
                return self._get_page(rows, 1, self)
            if not self.orphans:  # page 1 is already read; the count is made when asked for
                return self._get_page(rows[: self.per_page], 1, self)
        return super().get_page(number)


def _occupancy_rows(rows: list[occupancy.OccupancyRow]) -> SafeString:
    """The occupancy table's rows, as the template's loop wrote them (one string, not a loop per row)."""
    e = conditional_escape
    return mark_safe(  # noqa: S308 - every value escaped here
        "".join(
            '\n        <tr class="govuk-table__row">'
            f'\n          <th scope="row" class="govuk-table__header">{e(row.label)}<br>'
            f'<span class="govuk-body-s">{e(long_date(row.on))}</span></th>'
            f'\n          <td class="govuk-table__cell govuk-table__cell--numeric">{row.commissioned:d}</td>'
            f'\n          <td class="govuk-table__cell govuk-table__cell--numeric">{row.filled:d}</td>'
            f'\n          <td class="govuk-table__cell govuk-table__cell--numeric">{row.offered:d}</td>'
            f'\n          <td class="govuk-table__cell govuk-table__cell--numeric">{row.vacant:d}</td>'
            "\n        </tr>\n        "
            for row in rows
        )
    )


def _register_rows(places: list[Placement], *, today, may_place: bool) -> SafeString:
    """The places register's rows, as the template's loop wrote them: links reversed once, dates
    written as `date:"j M Y"` writes them, every value escaped here."""
    e = conditional_escape
    pupil_link, end_link = pk_url("pupils:detail"), pk_url("places:end")
    out = []
    for place in places:
        pupil = place.pupil
        name = e(pupil.name)
        if place.ended_on:
            status = f"Ended {_short_date(place.ended_on)}: {e(place.get_end_reason_display().lower())}"
        elif place.starts_on > today:
            status = '<strong class="govuk-tag govuk-tag--blue">Offered</strong>'
        elif place.status_on(today) == "Due to be ended":
            status = (
                '<strong class="govuk-tag govuk-tag--orange">Due to be ended</strong><br>'
                '<span class="govuk-body-s">The planned end date has passed: not counted as filled</span>'
            )
        else:
            status = '<strong class="govuk-tag govuk-tag--green">In the hub</strong>'
        action = ""
        if may_place:
            end = (
                ""
                if place.ended_on
                else f'<a class="govuk-link" href="{end_link(place.pk)}">End'
                f'<span class="govuk-visually-hidden"> {name}\'s place</span></a>'
            )
            action = f'<td class="govuk-table__cell">{end}</td>'
        out.append(
            '\n        <tr class="govuk-table__row">'
            f'\n          <td class="govuk-table__cell"><a class="govuk-link" href="{pupil_link(pupil.pk)}">{name}</a>'
            f'<br><span class="govuk-body-s">{e(pupil.school.name)}</span></td>'
            f'\n          <td class="govuk-table__cell">{_short_date(place.starts_on)}</td>'
            f'\n          <td class="govuk-table__cell">{_short_date(place.planned_end_on)}</td>'
            f'\n          <td class="govuk-table__cell">{status}</td>'
            f"\n          {action}"
            "\n        </tr>\n        "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value escaped above


@login_required
@require_GET
def hub_occupancy(request: HttpRequest, pk: int) -> HttpResponse:
    hub = _hub(request, pk)
    label = _year(request)
    # The hub's agreements, one a year, in one query: the year choices, this year's and the counts'.
    agreements = {a.academic_year: a for a in CommissioningAgreement.objects.filter(hub=hub).order_by()}
    today = timezone.localdate()
    rows, placed = occupancy.occupancy_and_placed(hub, label, today=today, agreements=agreements)
    register = access.visible_page(
        request,
        occupancy.register(hub, label)
        .select_related("pupil__school")
        .only(*_REGISTER_FIELDS)
        .order_by("starts_on", "pk"),
        per_page=100,
        paginator_class=_ShortListPaginator,
    )
    may_place = access.may_at_school(request.user, hub.host_school, "commissioning", access.EDIT)
    return render(
        request,
        "pupils/places/occupancy.html",
        {
            "hub": hub,
            "year": label,
            "years": sorted(set(agreements) | {label, academic_year(today)}, reverse=True),
            "rows": rows,
            "occupancy_rows": _occupancy_rows(rows),
            "agreement": agreements.get(label),
            "register": register,
            "register_rows": _register_rows(register.object_list, today=today, may_place=may_place),
            "today": today,
            "may_place": may_place,
            "unplaced": list(_unplaced_plans(request, hub, placed)[:50]) if may_place else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def placement_add(request: HttpRequest, pk: int) -> HttpResponse:
    hub = _hub(request, pk, access.EDIT)
    # Everyone whose current plan names the hub: a pupil may hold places in different years;
    # the service refuses one that overlaps a place they already have.
    named = EHCPlan.objects.visible_to(request.user).filter(named_hub=hub, ceased_on__isnull=True)
    candidates = Pupil.objects.visible_to(request.user).filter(pk__in=named.values("pupil")).select_related("school")
    form = PlacementForm(posted(request), pupils=candidates)
    back = reverse("places:occupancy", kwargs={"pk": hub.pk})

    def save(data) -> str:
        services.placement_create(
            actor=request.user,
            hub=hub,
            pupil=data["pupil"],
            starts_on=data["starts_on"],
            planned_end_on=data["planned_end_on"],
        )
        return back + f"?year={academic_year(data['starts_on'])}"

    intro = (
        ""
        if candidates.exists()
        else ("No pupil can be placed yet: a place is taken only through an EHC plan that names this hub.")
    )
    return form_page(
        request,
        form,
        on_valid=save,
        title="Arrange a place",
        caption=hub.name,
        intro=intro,
        success="Place arranged",
        back_url=back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def placement_end(request: HttpRequest, pk: int) -> HttpResponse:
    placement = access.get_visible_or_404(
        Placement.objects.select_related("hub__host_school", "pupil"), request.user, pk=pk
    )
    if not access.may_at_school(request.user, placement.hub.host_school, "commissioning", access.EDIT):
        raise PermissionDenied
    form = PlacementEndForm(posted(request))
    back = reverse("places:occupancy", kwargs={"pk": placement.hub_id})

    def save(data) -> str:
        services.placement_end(
            actor=request.user,
            placement=placement,
            ended_on=data["ended_on"],
            reason=data["reason"],
            notes=data["notes"],
        )
        return back

    return form_page(
        request,
        form,
        on_valid=save,
        title=f"End {placement.pupil.name}'s place",
        caption=placement.hub.name,
        success="Place ended",
        back_url=back,
    )


@login_required
@require_GET
def register_csv(request: HttpRequest, pk: int) -> HttpResponse:
    hub = _hub(request, pk)
    label = _year(request)
    places = list(
        occupancy.register(hub, label)
        .visible_to(request.user)
        .select_related("pupil__school", "plan")
        .order_by("starts_on", "pk")
    )
    audit.record_many(request.user, places, audit.AuditEvent.Action.EXPORT)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="places-register-hub-{hub.pk}-{label.replace("/", "-")}.csv"'
    )
    response.write("\ufeff")  # so spreadsheet software reads the names as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            "UPN",
            "Legal first name",
            "Legal last name",
            "Date of birth",
            "Year group",
            "School on roll",
            "EHC plan made",
            "Start date",
            "Planned end date",
            "Actual end date",
            "End reason",
            "Status today",
        ]
    )
    today = timezone.localdate()
    for place in places:
        pupil = place.pupil
        writer.writerow(
            [
                csv_safe(v)
                for v in (
                    pupil.upn,
                    pupil.legal_first_name,
                    pupil.legal_last_name,
                    pupil.date_of_birth.isoformat(),
                    pupil.get_year_group_display(),
                    pupil.school.name,
                    place.plan.issued_on.isoformat(),
                    place.starts_on.isoformat(),
                    place.planned_end_on.isoformat() if place.planned_end_on else "",
                    place.ended_on.isoformat() if place.ended_on else "",
                    place.get_end_reason_display(),
                    place.status_on(today),
                )
            ]
        )
    return response


@login_required
@require_GET
def summary_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    hub = _hub(request, pk)
    label = _year(request)
    agreement = CommissioningAgreement.objects.filter(hub=hub, academic_year=label).first()
    html = render_to_string(
        "pupils/places/summary_pdf.html",
        {
            "hub": hub,
            "year": label,
            "agreement": agreement,
            "rows": occupancy.occupancy(hub, label),
            "generated": timezone.localtime(),
            "history": agreement.history.select_related("history_user").order_by("history_date") if agreement else [],
        },
    )
    pdf = render_pdf(html, base_url=absolute_url("/", request=request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="commissioning-summary-hub-{hub.pk}-{label.replace("/", "-")}.pdf"'
    )
    return response
