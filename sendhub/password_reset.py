"""Asking for a password reset link: the same answer, in the same time, whether or not the account exists.

The view does the same work either way: it checks the limits and hands the address to a
Celery task after commit. The task finds the account, makes the token and queues the email.
Limits: per client address and per account (the address typed), counted by django-ratelimit
in the cache (README "Signing in with two factors" lists the settings).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse_lazy
from django_ratelimit.core import get_usage

from .clientip import client_ip
from .forms import ResetRequestForm

TOO_MANY = "You have asked for too many reset links. Wait an hour, then try again"


def _by_address(group: str, request: HttpRequest) -> str:
    # The person's address as the sign-in lock-out counts it (TRUSTED_PROXY_COUNT behind proxies).
    return client_ip(request) or "unknown"


def _by_account(group: str, request: HttpRequest) -> str:
    return request.POST.get("email", "").strip().lower()


def over_limit(request: HttpRequest) -> bool:
    """Count this request against the address and the account; True when either is over its limit."""
    limited = False
    for key, rate, group in (
        (_by_address, settings.PASSWORD_RESET_LIMIT_PER_ADDRESS, "sendhub.reset.address"),
        (_by_account, settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT, "sendhub.reset.account"),
    ):
        usage = get_usage(request, group=group, key=key, rate=rate, method="POST", increment=True)
        limited = limited or bool(usage and usage["should_limit"])
    return limited


class ResetRequestView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        if over_limit(self.request):
            form.add_error("email", TOO_MANY)
            return self.form_invalid(form)
        from .tasks import password_reset_send

        email = form.cleaned_data["email"]
        domain = self.request.get_host()
        use_https = self.request.is_secure()
        transaction.on_commit(lambda: password_reset_send.delay(email=email, domain=domain, use_https=use_https))
        return HttpResponseRedirect(self.get_success_url())
