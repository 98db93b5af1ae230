"""A small HTTP client for the smoke test, standing where nginx stands: in front of gunicorn.

The standard library only. Each request carries what the reverse proxy would add: the person's
address in X-Forwarded-For and `X-Forwarded-Proto: https` (TLS ends at the proxy), so secure
cookies are kept and sent back as a browser on the HTTPS side would.
"""

from __future__ import annotations

import http.cookiejar
import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Response:
    status: int
    url: str
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        return json.loads(self.body)


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)  # name -> value of hidden and text inputs
    names: list[str] = field(default_factory=list)  # every input's name, in order


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(action=attrs.get("action", ""), method=attrs.get("method", "get").lower()))
            self._open = True
        elif tag in {"input", "button", "select", "textarea"} and self._open and attrs.get("name"):
            name = attrs["name"]
            self.forms[-1].names.append(name)
            if tag == "input" and attrs.get("type", "text") not in {"checkbox", "radio", "submit", "file"}:
                self.forms[-1].fields[name] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = False


def forms(html: str) -> list[Form]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


class _BehindTLSProxy(http.cookiejar.DefaultCookiePolicy):
    """The browser talks HTTPS to the proxy: secure cookies go back on every request."""

    def return_ok_secure(self, cookie, request):
        return True


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Session:
    def __init__(self, base_url: str, client_address: str = "198.51.100.10") -> None:
        self.base_url = base_url.rstrip("/")
        self.host = urllib.parse.urlsplit(self.base_url).netloc
        self.cookies = http.cookiejar.CookieJar(policy=_BehindTLSProxy())
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect)
        self.headers = {
            "X-Forwarded-For": client_address,
            "X-Forwarded-Proto": "https",
            "User-Agent": "sendhub-production-smoke",
        }

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base_url + path

    def request(
        self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None, follow: bool = True
    ) -> Response:
        url = self.url(path)
        for _ in range(10):
            request = urllib.request.Request(url, data=body, method=method, headers={**self.headers, **(headers or {})})
            try:
                with self._opener.open(request, timeout=30) as raw:
                    response = Response(raw.status, url, dict(raw.headers.items()), raw.read())
            except urllib.error.HTTPError as error:
                response = Response(error.code, url, dict(error.headers.items()), error.read())
            if not (follow and response.status in {301, 302, 303, 307, 308}):
                return response
            location = response.headers["Location"]
            parts = urllib.parse.urlsplit(urllib.parse.urljoin(url, location))
            # The proxy's https://host/... is this gunicorn's http://127.0.0.1:port/...
            url = self.base_url + parts.path + (f"?{parts.query}" if parts.query else "")
            method, body = "GET", None
        raise AssertionError(f"Too many redirects from {path}")

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict[str, str], *, files: dict | None = None, **kwargs) -> Response:
        """A form POST, with the Origin a browser sends (CSRF on HTTPS checks it)."""
        headers = {
            "Origin": f"https://{self.host}",
            "Referer": f"https://{self.host}{urllib.parse.urlsplit(self.url(path)).path}",
        }
        if files:
            body, content_type = _multipart(data, files)
        else:
            body, content_type = urllib.parse.urlencode(data).encode(), "application/x-www-form-urlencoded"
        headers["Content-Type"] = content_type
        return self.request("POST", path, body=body, headers=headers, **kwargs)

    def submit(self, page: Response, form: Form, values: dict[str, str], **kwargs) -> Response:
        """Send `form` of `page` with its hidden fields (the CSRF token among them) and `values`."""
        action = form.action or urllib.parse.urlsplit(page.url).path
        return self.post(urllib.parse.urljoin(page.url, action), {**form.fields, **values}, **kwargs)


def _multipart(data: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = secrets.token_hex(16)
    parts: list[bytes] = []
    for name, value in data.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
