"""The address of the person making a request, the same for the sign-in lock-out and every rate limit.

Behind reverse proxies the connection comes from the nearest proxy, so `REMOTE_ADDR` is the
proxy's address for everyone; the person's address is in `X-Forwarded-For`, which each proxy
extends with the address that connected to it. Only the entries our own proxies wrote can be
trusted: anything to their left was sent by the client and may be invented.

`TRUSTED_PROXY_COUNT` (settings, from the environment) is how many reverse proxies stand in front of
gunicorn: 0 (the default) reads `REMOTE_ADDR` alone and ignores `X-Forwarded-For` entirely; 1 (nginx
alone) takes the right-most `X-Forwarded-For` entry, the one nginx wrote; 2 (a load balancer, then
nginx) the second from the right; and so on. django-ipware, the library django-axes uses for this,
reads the header with settings.AXES_IPWARE_PROXY_COUNT (the proxies *listed* in the header, one fewer
than the proxies in front: the nearest one is `REMOTE_ADDR`) and AXES_IPWARE_META_PRECEDENCE_ORDER.
django-axes is pointed at `client_ip` (AXES_CLIENT_IP_CALLABLE) so there is one answer to "who is this".
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ipware.ip import get_client_ip


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as far as the trusted proxies vouch for it (None if there is none)."""
    address, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=settings.AXES_IPWARE_PROXY_COUNT,
        request_header_order=settings.AXES_IPWARE_META_PRECEDENCE_ORDER,
        # Not strict: a client may prepend entries of its own; the count still picks, from the
        # right, the entry our proxies wrote, so the invented ones are never read.
        strict=False,
    )
    return address


__all__ = ["client_ip"]
