"""Who is acting, from where, in which request: read by audit and services without threading
the request object through every call."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    client_ip: str = ""
    user: Any = None  # the authenticated user, or None
    channel: str = ""  # web, api, cli, task


# RequestContext is frozen, so one shared default instance is safe.
_current: ContextVar[RequestContext] = ContextVar(
    "yiwang_request_context",
    default=RequestContext(),  # noqa: B039
)


def current() -> RequestContext:
    return _current.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


@contextlib.contextmanager
def bind(**values: Any) -> Iterator[RequestContext]:
    """Bind context values for the duration of a block (a request, a CLI command, a task)."""
    ctx = replace(_current.get(), **values)
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)


def set_user(user: Any) -> None:
    _current.set(replace(_current.get(), user=user))
