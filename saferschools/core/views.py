from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The first page after sign-in: the panels the apps register for the user's role, then
    the districts (see `core.home`)."""
    from .home import home_for

    page = home_for(request.user)
    return render(request, "core/home.html", {"home": page, "h": page.items})


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    from .models import Notification

    notifications = list(Notification.objects.filter(recipient=request.user)[:200])
    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return render(
        request, "core/inbox.html", {"notifications": notifications, "page_title": "Inbox"}
    )
