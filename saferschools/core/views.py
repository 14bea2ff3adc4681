from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from saferschools.estate import selectors as estate_selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The first page after sign-in: each role's day (see `core.home`), then the districts."""
    from .home import home_for

    summaries = estate_selectors.district_summaries(user=request.user)
    in_force = [d for d in summaries if d.district.division_id is not None]
    # Districts outside the force (a school the register lists under its local authorities
    # but sited elsewhere) are a note under the table, not rows of it.
    outside = [d for d in summaries if d.district.division_id is None] if in_force else []
    page = home_for(request.user)
    return render(
        request,
        "core/home.html",
        {
            "districts": in_force or summaries,
            "outside_districts": outside,
            "h": page.items if page else None,
            "home_role": page.role if page else "",
            "home_title": page.title if page else "",
        },
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
