"""Reads of engagement, through the user's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from saferschools.accounts.scope import schools_visible_to

from . import permissions
from .choices import RequestSource
from .models import SchoolContact, SchoolRequest, Session, YouthActivity


def contacts(*, user: Any) -> QuerySet[SchoolContact]:
    if not permissions.can_view(user, "contact"):
        return SchoolContact.objects.none()
    return SchoolContact.objects.filter(school__in=schools_visible_to(user)).select_related(
        "school", "created_by"
    )


def requests(*, user: Any) -> QuerySet[SchoolRequest]:
    """Requests about the schools the user can see.

    Business rule: a message from the public front door was written to the police, not to the
    school (a child may be worried about someone at school), so school staff never see it.
    """
    if not permissions.can_view(user, "request"):
        return SchoolRequest.objects.none()
    qs = SchoolRequest.objects.filter(school__in=schools_visible_to(user)).select_related("school")
    if getattr(user, "is_school_staff", False):
        qs = qs.exclude(source=RequestSource.PUBLIC)
    return qs


def sessions(*, user: Any) -> QuerySet[Session]:
    if not permissions.can_view(user, "session"):
        return Session.objects.none()
    return Session.objects.filter(school__in=schools_visible_to(user)).select_related("school")


def activities(*, user: Any) -> QuerySet[YouthActivity]:
    if not permissions.can_view(user, "activity"):
        return YouthActivity.objects.none()
    schools = schools_visible_to(user)
    districts = schools.values("district_id")
    return YouthActivity.objects.filter(
        Q(school__in=schools) | Q(school__isnull=True, district_id__in=districts)
    ).select_related("school", "district")


def request_by_reference(reference: str) -> SchoolRequest | None:
    """For the public front door: a requester follows their request by its reference."""
    return SchoolRequest.objects.filter(reference=(reference or "").strip().upper()).first()
