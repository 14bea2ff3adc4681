from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from saferschools.estate import selectors as estate_selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {"districts": estate_selectors.district_summaries(user=request.user)},
    )


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
