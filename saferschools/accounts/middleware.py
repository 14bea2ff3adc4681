"""Session policy: sessions end after 15 minutes idle and 12 hours in all.

A disabled account's sessions end at once: every request re-checks `is_active` (Django's
auth does this through the user lookup) and we flush sessions stamped before the account's
`sessions_valid_after`, if set.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

SESSION_STARTED = "ss_started"
SESSION_SEEN = "ss_seen"


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
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect(reverse(settings.LOGIN_URL) + "?timeout=1")
            request.session[SESSION_STARTED] = started
            request.session[SESSION_SEEN] = now
        return self.get_response(request)
