"""A rate limit per address on public responses, with django-ratelimit's counter.

django-ratelimit (4.1.0, tested here with Django 5.2) counts requests in the cache; it is
used as a library, not as an installed app, because its system check refuses the
in-process cache that a first run uses (there is one process then, so it is correct).
With more than one web process, `CACHE_URL` must point at Redis (README), as it must for
the lock-out already.

A broken cache must not bar people from responding: the limit then fails open and says
so in the log. The address is `sendhub.clientip.client_ip`, the one the sign-in lock-out uses
(honouring `TRUSTED_PROXY_COUNT` behind a proxy), so both agree on who is who.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django_ratelimit.core import get_usage

from sendhub.clientip import client_ip

log = logging.getLogger(__name__)

# Generous: a school's parents may respond together from its one shared address.
DEFAULT_RATE = "30/h"
GROUP = "consultations.respond"


@dataclass(frozen=True)
class Limit:
    limited: bool
    retry_at: datetime | None = None

    @property
    def retry_after_seconds(self) -> int:
        if self.retry_at is None:
            return 60
        return max(1, int((self.retry_at - timezone.now()).total_seconds()))


def _address(group: str, request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def check_response_rate(request: HttpRequest) -> Limit:
    """Count this POST against the sender's address; say whether it is over the limit and until when."""
    rate = getattr(settings, "CONSULTATION_RESPONSE_RATE", DEFAULT_RATE)
    try:
        usage = get_usage(request, group=GROUP, key=_address, rate=rate, method="POST", increment=True)
    except Exception:  # the cache is down: let people respond rather than turn them away
        log.warning("Rate limit unavailable; accepting the response", exc_info=True)
        return Limit(limited=False)
    if usage is None:
        return Limit(limited=False)
    if usage["time_left"] < 0:  # django-ratelimit's sign that the cache failed
        log.warning("Rate limit cache failed; accepting the response")
        return Limit(limited=False)
    if not usage["should_limit"]:
        return Limit(limited=False)
    retry_at = timezone.now() + timedelta(seconds=usage["time_left"] + 1)
    return Limit(limited=True, retry_at=retry_at.replace(microsecond=0))


__all__ = ["Limit", "check_response_rate"]
