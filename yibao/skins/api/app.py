"""The web API's application: ``create_app()`` for uvicorn (``yibao serve``), a test client or any
ASGI server. It keeps no state between requests (policies are read from the files, as the CLI reads
them), so any number of workers and machines can serve it side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .limits import Limits

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(limits: Limits | None = None) -> FastAPI:
    """The ASGI application, with ``limits`` per request (default :class:`~.limits.Limits`)."""
    from ._application import build_app  # FastAPI is imported when an app is made, not with this module

    return build_app(limits or Limits())
