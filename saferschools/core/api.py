"""API plumbing shared by every app."""

from __future__ import annotations

from typing import Any

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, then a plain message for errors it does not know (never a traceback)."""
    payload = getattr(exc, "payload", None)
    if payload is not None and hasattr(exc, "status_code"):
        # A body with typed values (409: current_version is a number, not DRF's string).
        return Response(payload, status=exc.status_code)
    response = drf_exception_handler(exc, context)
    if response is None:
        from django.core.exceptions import ValidationError as DjangoValidationError

        if isinstance(exc, DjangoValidationError):
            return Response({"detail": exc.messages}, status=400)
    return response
