from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from saferschools.accounts.audit import audit_denied

from . import selectors
from .filters import EstablishmentFilterSet

PAGE_SIZE = 25


@login_required
def school_list(request: HttpRequest) -> HttpResponse:
    params = request.GET.copy()
    if "secondary_phase" not in params:
        params["secondary_phase"] = "true"
    filterset = EstablishmentFilterSet(
        params, queryset=selectors.establishment_list(user=request.user)
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "estate/school_list.html",
        {
            "filterset": filterset,
            "page_obj": page,
            "page_title": "Schools",
            "breadcrumbs": [("Home", reverse("core:home")), ("Schools", None)],
        },
    )


@login_required
def school_detail(request: HttpRequest, pk: int) -> HttpResponse:
    school = selectors.establishment_get(user=request.user, pk=pk)
    if school is None:
        audit_denied(
            request=request, action="view", record_type="estate.Establishment", record_id=pk
        )
        raise Http404("No school with that reference that you can see.")
    return render(
        request,
        "estate/school_detail.html",
        {
            "school": school,
            "deprivation": selectors.deprivation_for(school),
            "page_title": school.name,
            "breadcrumbs": [
                ("Home", reverse("core:home")),
                ("Schools", reverse("estate:school_list")),
                (school.name, None),
            ],
        },
    )
