"""Account policy on every request.

- SessionPolicyMiddleware: sessions end after 15 minutes idle (to within a minute: the time
  last seen is written at most once a minute) and 12 hours in all. A disabled
  account's sessions end at once: Django's auth re-reads the user on every request and treats
  an inactive one as signed out, and `signals.end_sessions_of` deletes its sessions when the
  account is disabled.
- AccountPolicyMiddleware: police roles (and the system administrator) must pass a TOTP code
  after their password (`settings.OTP_REQUIRED_FOR_POLICE`); school staff who set up a device
  must use it too. An account whose password an administrator reset must choose a new one.
- DeniedAccessAuditMiddleware: a safety net. Any 403 or 404 answered to a signed-in user on a
  known URL is written to the audit log as denied, unless the view already logged it (so a
  guessed record id is always on the record, even in a view that forgot to call audit_denied).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

SESSION_STARTED = "ss_started"
SESSION_SEEN = "ss_seen"
#: How stale the session's "last seen" time may be before it is written again (seconds).
SEEN_RESOLUTION = 60

#: Paths any signed-in user may reach before finishing two-factor or changing a password.
OPEN_PREFIXES = ("/static/", "/find/", "/healthz", "/api/schema/", "/favicon")
OTP_OPEN_URL_NAMES = frozenset(
    {"accounts:login", "accounts:logout", "accounts:otp_verify", "accounts:otp_setup"}
)
PASSWORD_OPEN_URL_NAMES = OTP_OPEN_URL_NAMES | {"accounts:password_change"}


#: Set by people.oidc when a session signs in through the force's identity provider.
SSO_SESSION_KEY = "ss_sso_issuer"


def sso_verified(request: HttpRequest) -> bool:
    """A single sign-on stands in for the TOTP code (the force's provider has its own
    multi-factor sign-in) unless `settings.OIDC_SATISFIES_TWO_FACTOR` is off."""
    session = getattr(request, "session", None)
    return bool(
        session is not None
        and session.get(SSO_SESSION_KEY)
        and getattr(settings, "OIDC_SATISFIES_TWO_FACTOR", True)
    )


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


class SessionPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            started = request.session.get(SESSION_STARTED, now)
            seen = request.session.get(SESSION_SEEN, now)
            if (
                now - seen > settings.SESSION_IDLE_SECONDS
                or now - started > settings.SESSION_ABSOLUTE_SECONDS
            ):
                request._saferschools_signout_reason = (  # type: ignore[attr-defined]
                    "idle" if now - seen > settings.SESSION_IDLE_SECONDS else "12 hours"
                )
                logout(request)
                if _is_api(request):
                    return self.get_response(request)
                return redirect(reverse(settings.LOGIN_URL) + "?timeout=1")
            # Written only when they change by a minute or more: a session is saved (one
            # UPDATE and a commit) about once a minute of use, not on every request, and the
            # idle limit holds to within SEEN_RESOLUTION seconds.
            if SESSION_STARTED not in request.session:
                request.session[SESSION_STARTED] = started
            if SESSION_SEEN not in request.session or now - seen >= SEEN_RESOLUTION:
                request.session[SESSION_SEEN] = now
        return self.get_response(request)


def _url_name(request: HttpRequest) -> str:
    from django.urls import Resolver404, resolve

    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return ""


class AccountPolicyMiddleware:
    """Two-factor for police roles, then a forced password change after an admin reset."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(OPEN_PREFIXES):
            return self.get_response(request)
        from .otp import is_verified, needs_otp, otp_setup_needed

        if needs_otp(user) and not is_verified(user) and not sso_verified(request):
            if _url_name(request) in OTP_OPEN_URL_NAMES:
                return self.get_response(request)
            if _is_api(request):
                return JsonResponse(
                    {"detail": "Two-factor verification is required: sign in on the web first."},
                    status=403,
                )
            target = "accounts:otp_setup" if otp_setup_needed(user) else "accounts:otp_verify"
            return redirect(reverse(target) + "?" + urlencode({"next": request.get_full_path()}))
        if getattr(user, "must_change_password", False):
            if _url_name(request) in PASSWORD_OPEN_URL_NAMES:
                return self.get_response(request)
            if _is_api(request):
                return JsonResponse({"detail": "You must change your password first."}, status=403)
            return redirect(reverse("accounts:password_change"))
        return self.get_response(request)


class DeniedAccessAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in (403, 404):
            self._audit(request, response)
        return response

    @staticmethod
    def _audit(request: HttpRequest, response: HttpResponse) -> None:
        from .audit import AUDITED_DENIED_ATTR, audit_denied

        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        if (
            user is None
            or not user.is_authenticated
            or match is None
            or getattr(request, AUDITED_DENIED_ATTR, False)
        ):
            return
        record_id = ",".join(f"{k}={v}" for k, v in sorted(match.kwargs.items()))
        audit_denied(
            request=request,
            action="view" if request.method in ("GET", "HEAD") else request.method.lower(),
            record_type=f"url:{match.view_name}",
            record_id=record_id,
            details={"path": request.path[:300], "status": response.status_code},
        )
