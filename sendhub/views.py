"""Pages of the core: home per role, information pages, health check, error pages."""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .access import reach
from .background import beat_health
from .models import Membership, Notification
from .navigation import HOME_BLOCKS, ROLE_ACTIONS
from .notices.work import work_for

log = logging.getLogger(__name__)


# Unread notices listed on the home page (the rest are on the notices page).
HOME_NOTICES = 10


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "sendhub/start.html")
    memberships = list(
        Membership.objects.current()
        .filter(user=request.user)
        # The page shows a school's local authority by name.
        .select_related("school__local_authority", "district__local_authority", "local_authority", "trust")
        .order_by("role", "pk")
    )
    # What the roles reach (the dashboards' headlines, the administration links) from these rows.
    is_admin = reach(request.user, memberships).is_admin
    sections = [{"membership": m, "actions": ROLE_ACTIONS.get(m.role, [])} for m in memberships]
    unread = Notification.objects.filter(user=request.user, read_at__isnull=True)
    notices = list(unread[:HOME_NOTICES])
    # The unread count ("Your work" and the header's): fewer than a page of notices are all of them.
    unread_count = len(notices) if len(notices) < HOME_NOTICES else unread.count()
    work = work_for(request.user, memberships, timezone.localdate(), unread=unread_count)
    home_blocks = [block for block in (make(request) for make in HOME_BLOCKS) if block]
    return render(
        request,
        "sendhub/home.html",
        {
            "sections": sections,
            "is_admin": is_admin,
            "notices": notices,
            "work": work,
            "home_blocks": home_blocks,
            "unread_notices": unread_count,
        },
    )


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark the person's notices as read (they stay in the record)."""
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("home")


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "sendhub/accessibility.html")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "sendhub/privacy.html")


def _check(name: str, probe) -> tuple[bool, str]:
    try:
        return probe()
    except Exception:  # a health check reports, it does not raise
        log.exception("Health check %s failed", name)
        return False, "error"


def _database() -> tuple[bool, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, "ok"


def _migrations() -> tuple[bool, str]:
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return (True, "ok") if not pending else (False, f"{len(pending)} unapplied")


def _cache() -> tuple[bool, str]:
    nonce = secrets.token_hex(8)
    cache.set("healthz", nonce, 10)
    return (True, "ok") if cache.get("healthz") == nonce else (False, "error")


def _broker() -> tuple[bool, str]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True, "eager (no broker: tasks run in the web process)"
    from .celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return True, "ok"


# The stylesheet every page links: if the manifest lacks it, every page would answer 500.
STATIC_PROBE = "build/sendhub.css"


def _static_files() -> tuple[bool, str]:
    """In production, the hashed files of `collectstatic` that this process loaded at start."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    hashed = getattr(staticfiles_storage, "hashed_files", None)
    if hashed is None:
        return True, "not hashed (development: served from static/)"
    if not hashed:
        return False, "no static manifest: run collectstatic, then restart"
    name = hashed.get(STATIC_PROBE)
    if not name or not staticfiles_storage.exists(name):
        return False, f"{STATIC_PROBE} is missing from the static manifest: run collectstatic, then restart"
    return True, "ok"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    results = {
        "database": _check("database", _database),
        "migrations": _check("migrations", _migrations),
        "cache": _check("cache", _cache),
        "broker": _check("broker", _broker),
        "beat": _check("beat", beat_health),  # sendhub/background.py
        "static": _check("static", _static_files),
    }
    healthy = all(ok for ok, _ in results.values())
    body = {"status": "ok" if healthy else "unhealthy", **{name: text for name, (_, text) in results.items()}}
    return JsonResponse(body, status=200 if healthy else 503)


class SmokeTestError(RuntimeError):
    """Raised on purpose, so the production smoke test sees the 500 page."""


@require_GET
def smoke_test_error(request: HttpRequest) -> HttpResponse:
    """A server error on purpose, only when SMOKE_TEST_ERROR_ROUTE is on (`make test-production`)."""
    if not settings.SMOKE_TEST_ERROR_ROUTE:
        raise Http404
    raise SmokeTestError("A deliberate server error for the production smoke test")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
