"""Request-wide security middleware: a request id for logs and the access log, and the headers
every page carries (docs/security.md)."""

from __future__ import annotations

import re
import uuid

from django.utils.cache import add_never_cache_headers

from core.request_id import current_request_id, reset_request_id, set_request_id

# A request id from the proxy in front is kept when it looks like one; otherwise Opstap makes one.
REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request.id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = set_request_id(request.id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response[REQUEST_ID_HEADER] = request.id
        return response


class SecurityHeadersMiddleware:
    """No page Opstap renders may be kept by a browser or proxy cache: they hold personal data
    (a login page holds a CSRF token). Static files are served before this by WhiteNoise and
    stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class RequestIdLogFilter:
    """Adds `request_id` to every log record, so a log line can be matched to the access log."""

    def filter(self, record) -> bool:
        request = getattr(record, "request", None)  # django.request logs after the middleware
        record.request_id = current_request_id() or getattr(request, "id", "") or "-"
        return True
