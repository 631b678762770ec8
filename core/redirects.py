"""Where to go after an action: back to the page the user came from when it says so (`?next=`),
on this site only."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest) -> str | None:
    """The `next` of the query string (kept on the form's POST, which goes to the same URL), when
    it is a path on this site; never another host or scheme (no open redirect)."""
    target = request.GET.get("next") or request.POST.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def with_next(url: str, back: str) -> str:
    """`url` with `?next=back` (or `&next=`), before any #fragment: "/x/#h" -> "/x/?next=...#h"."""
    if not back:
        return url
    path, hash_, fragment = url.partition("#")
    joiner = "&" if "?" in path else "?"
    return f"{path}{joiner}{urlencode({'next': back})}{hash_}{fragment}"
