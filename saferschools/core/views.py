from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

#: Notifications the inbox shows (newest first).
INBOX_SIZE = 200


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
    """The user's notifications, newest first. Reading the page changes nothing: a message is
    marked read from the page's buttons (`inbox_read`, a POST)."""
    from .models import Notification

    notifications = list(Notification.objects.filter(recipient=request.user)[:INBOX_SIZE])
    return render(
        request,
        "core/inbox.html",
        {
            "notifications": notifications,
            "unread": sum(1 for n in notifications if n.read_at is None),
            "page_title": "Inbox",
        },
    )


@login_required
@require_POST
def inbox_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification (`notification`: its id) or every unread one the inbox shows as
    read; only the recipient's own (`core.services.notification_mark_read`)."""
    from .models import Notification
    from .services import notification_mark_read

    shown = Notification.objects.filter(recipient=request.user).values("pk")[:INBOX_SIZE]
    unread = Notification.objects.filter(recipient=request.user, read_at__isnull=True, pk__in=shown)
    which = request.POST.get("notification", "")
    if which:
        unread = unread.filter(pk=int(which)) if which.isdigit() else unread.none()
    for notification in unread:
        notification_mark_read(notification=notification, acting_user=request.user)
    return redirect("core:inbox")
