"""The school calendar: each authority's half terms (or England's defaults) and the bank holidays.

Every member of staff reads the calendar of the authorities their roles belong to; an
authority's officers and administrators change its term dates.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from sendhub.access import STAFF_ROLES, reach
from sendhub.calendar.forms import HalfTermsForm
from sendhub.calendar.selectors import (
    ENGLAND_AND_WALES,
    bank_holidays_between,
    calendar_authorities,
    may_set_term_dates,
    school_years,
)
from sendhub.calendar.services import half_terms_reset, half_terms_set
from sendhub.dates import academic_year, academic_year_bounds
from sendhub.http import action, form_page, posted
from sendhub.models import HalfTerm, LocalAuthority, Role


def _label(start_year: int) -> str:
    return f"{start_year:04d}/{(start_year + 1) % 100:02d}"


def shown_years(today: date) -> list[str]:
    """The years the page offers: last year, this year and the next two (each shown with the year after it)."""
    start = int(academic_year(today)[:4])
    return [_label(start + offset) for offset in (-1, 0, 1, 2)]


def settable_years(today: date) -> list[str]:
    """The years whose term dates can be changed here: every year the page can show, last year to three ahead."""
    start = int(academic_year(today)[:4])
    return [_label(start + offset) for offset in range(-1, 4)]


def _following(label: str) -> str:
    return _label(int(label[:4]) + 1)


def calendar_url(local_authority: LocalAuthority, label: str) -> str:
    return reverse("calendar") + "?" + urlencode({"year": label, "la": local_authority.code})


@login_required
@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    r = reach(request.user)
    if not r.roles & STAFF_ROLES:
        raise PermissionDenied
    today = timezone.localdate()
    options = shown_years(today)
    # Anything but one of the years offered (a typo, "2027-28", a year long gone) shows this year.
    label = request.GET.get("year", "")
    if label not in options:
        label = academic_year(today)
    labels = [label, _following(label)]

    choices: list[LocalAuthority] = []
    if r.is_admin:
        choices = list(LocalAuthority.objects.order_by("name"))
        chosen = next((la for la in choices if la.code == request.GET.get("la")), choices[0] if choices else None)
        authorities = [chosen] if chosen else []
    else:
        authorities = calendar_authorities(request.user)

    years = school_years(labels, authorities)
    first_day, _ = academic_year_bounds(labels[0])
    _, last_day = academic_year_bounds(labels[1])
    holidays = bank_holidays_between(first_day, last_day, ENGLAND_AND_WALES)
    settable = settable_years(today)
    sections = []
    for year_label in labels:
        starts_on, ends_on = academic_year_bounds(year_label)
        entries = [
            {
                "la": la,
                "year": years[(la, year_label)],
                "may_set": year_label in settable and may_set_term_dates(request.user, la),
            }
            for la in authorities
        ] or [{"la": None, "year": years[(None, year_label)], "may_set": False}]
        sections.append(
            {
                "label": year_label,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "entries": entries,
                "bank_holidays": [(day, title) for day, title in holidays.items() if starts_on <= day <= ends_on],
            }
        )
    return render(
        request,
        "sendhub/calendar/index.html",
        {
            "label": label,
            "options": options,
            "choices": choices,
            "chosen": authorities[0] if r.is_admin and authorities else None,
            "sections": sections,
        },
    )


def _settable(request: HttpRequest, code: str, year: str) -> LocalAuthority:
    """The authority whose term dates the user may set. Another authority's officer: 404, as if it did not exist."""
    r = reach(request.user)
    if not (r.is_admin or r.has(Role.LA_OFFICER)):
        raise PermissionDenied
    authorities = LocalAuthority.objects.all()
    if not r.is_admin:
        authorities = authorities.filter(pk__in=r.local_authorities)
    local_authority = get_object_or_404(authorities, code=code)
    if year not in settable_years(timezone.localdate()):
        raise Http404
    return local_authority


@login_required
@require_http_methods(["GET", "POST"])
def calendar_edit(request: HttpRequest, code: str, year: str) -> HttpResponse:
    local_authority = _settable(request, code, year)
    years = school_years([year], [local_authority])
    current = years[(local_authority, year)]
    form = HalfTermsForm(posted(request), academic_year=year, current=current.half_terms)
    back = calendar_url(local_authority, year)

    def save(data) -> str:
        half_terms_set(actor=request.user, local_authority=local_authority, academic_year=year, dates=form.dates())
        return back

    starts_on, ends_on = academic_year_bounds(year)
    last_change = (
        HalfTerm.history.filter(local_authority_id=local_authority.pk, academic_year=year)
        .select_related("history_user")
        .order_by("-history_date")
        .first()
    )
    return form_page(
        request,
        form,
        on_valid=save,
        title=f"Term dates for {year}",
        caption=local_authority.name,
        template="sendhub/calendar/edit.html",
        success=f"{local_authority.name}'s term dates for {year} saved",
        back_url=back,
        current=current,
        local_authority=local_authority,
        year=year,
        starts_on=starts_on,
        ends_on=ends_on,
        last_change=last_change,
    )


@login_required
@require_http_methods(["GET", "POST"])
def calendar_reset(request: HttpRequest, code: str, year: str) -> HttpResponse:
    """Go back to England's default dates: a confirmation page, then a POST."""
    local_authority = _settable(request, code, year)
    back = calendar_url(local_authority, year)
    if request.method == "POST":

        def reset() -> str:
            half_terms_reset(actor=request.user, local_authority=local_authority, academic_year=year)
            return back

        return action(
            request,
            reset,
            failure_url=back,
            success=f"{local_authority.name} now uses England's default dates for {year}",
        )
    years = school_years([year], [local_authority])
    return render(
        request,
        "sendhub/calendar/reset.html",
        {
            "local_authority": local_authority,
            "year": year,
            "back_url": back,
            "current": years[(local_authority, year)],
            "defaults": years[(None, year)],
        },
    )
