"""The id of the request being handled, for logs and the access log. Set by
security.middleware.RequestIdMiddleware; "" outside a request (a Celery task, a command)."""

from __future__ import annotations

from contextvars import ContextVar

_current_request_id: ContextVar[str] = ContextVar("opstap_request_id", default="")


def current_request_id() -> str:
    """The id of the request being handled, or "" outside a request (a Celery task, a command)."""
    return _current_request_id.get()


def set_request_id(value: str):
    """Set the id for the rest of the request; pass the returned token to `reset_request_id`."""
    return _current_request_id.set(value)


def reset_request_id(token) -> None:
    _current_request_id.reset(token)
