"""The person's notices (/notifications/) and how they want them by email."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from sendhub.http import form_page, posted
from sendhub.models import Notification, NotificationPreference

from . import services
from .forms import PreferencesForm
from .kinds import kind_of

PER_PAGE = 25


@login_required
@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    """Unread first, then newest first."""
    notices = Notification.objects.filter(user=request.user).order_by(
        F("read_at").desc(nulls_first=True), "-created_at", "-pk"
    )
    page = Paginator(notices, PER_PAGE).get_page(request.GET.get("page"))
    for notice in page:
        notice.kind_label = kind_of(notice.kind).label
    unread = Notification.objects.filter(user=request.user, read_at__isnull=True).count()
    return render(request, "sendhub/notices/list.html", {"page": page, "unread": unread})


def _back(request: HttpRequest) -> str:
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure()):
        return wanted
    return reverse("notices:list")


@login_required
@require_POST
def notice_read(request: HttpRequest, pk: int) -> HttpResponse:
    services.notice_read(actor=request.user, notice_id=pk)
    return redirect(_back(request))


@login_required
@require_POST
def notices_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notices_all_read(actor=request.user)
    if count:
        messages.success(request, f"{count} notice{'s' if count != 1 else ''} marked as read")
    return redirect(_back(request))


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    current = dict(NotificationPreference.objects.filter(user=request.user).values_list("kind", "channel"))
    form = PreferencesForm(posted(request), current=current)

    def save(data) -> str:
        services.preferences_set(actor=request.user, choices=data)
        return reverse("notices:list")

    return form_page(
        request,
        form,
        on_valid=save,
        title="How you get notices by email",
        intro=(
            "Every notice stays on your notifications page. For each kind, choose an email at once, "
            "one daily digest at 7am, or no email."
        ),
        back_url=reverse("notices:list"),
        success="Your choices are saved",
    )
