"""Security headers on every response; no-store on every page that may show a record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

PUBLIC_CACHEABLE_PREFIXES = ("/static/",)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "geolocation=(), camera=(), microphone=()"
        )
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if not request.path.startswith(PUBLIC_CACHEABLE_PREFIXES):
            # Records of children must never sit in a shared or browser cache.
            response.headers["Cache-Control"] = "no-store"
        return response


class ApiJsonErrorsMiddleware:
    """Under /api/, an error page the API views did not render themselves (an unmatched URL,
    a method the URL does not take, a server error) is answered as JSON `{"detail": ...}`, as
    the OpenAPI schema documents, never as an HTML page."""

    MESSAGES = {404: "Not found.", 405: "Method not allowed.", 500: "Server error."}

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code in self.MESSAGES
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            from django.http import JsonResponse

            return JsonResponse(
                {"detail": self.MESSAGES[response.status_code]}, status=response.status_code
            )
        return response
