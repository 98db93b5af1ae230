"""Administrators' page of the periodic tasks: when each last ran, how long it took, what it did."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .access import reach
from .background import periodic_entries, with_states

HISTORY_SHOWN = 5


@login_required
@require_GET
def background_tasks(request: HttpRequest) -> HttpResponse:
    if not reach(request.user).is_admin:
        raise Http404
    entries = with_states(periodic_entries(), history=HISTORY_SHOWN)
    return render(request, "sendhub/background_tasks.html", {"entries": entries})
