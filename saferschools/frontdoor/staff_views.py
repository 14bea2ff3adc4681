"""Staff pages (signed in): the resource library and the young people's voice results."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from saferschools.accounts.audit import audit_record
from saferschools.accounts.permissions import role_required
from saferschools.core.forms import form_submit
from saferschools.core.pages import HOME, done, section
from saferschools.estate.models import Establishment

from . import permissions, selectors, services
from .forms import DeliveryForm, ResourceForm, SurveyFilterForm, VersionForm

#: The resource library's pages stand under it.
LIBRARY = section(("Resource library", "frontdoor_staff:resource_list"))


# ---------------------------------------------------------------- survey results


@role_required(*permissions.SURVEY_VIEW_ROLES)
def survey_results(request: HttpRequest) -> HttpResponse:
    form = SurveyFilterForm(request.GET or None, user=request.user)
    school = district = None
    period = "term"
    if form.is_valid():
        district = form.cleaned_data.get("district")
        period = form.cleaned_data.get("period") or "term"
        urn = form.cleaned_data.get("school")
        if urn:
            school = Establishment.objects.filter(urn=urn).first()
    results = selectors.survey_results(
        user=request.user, school=school, district=district, period=period
    )
    return HOME.page(
        request,
        "frontdoor/survey_results.html",
        "Young people's voice",
        {"form": form, "results": results},
    )


# ---------------------------------------------------------------- resource library


@role_required(*permissions.RESOURCE_VIEW_ROLES)
def resource_list(request: HttpRequest) -> HttpResponse:
    items = selectors.resources(user=request.user)
    return HOME.page(
        request,
        "frontdoor/resource_list.html",
        "Resource library",
        {
            "resources": [(r, r.current_version) for r in items],
            "can_draft": permissions.may(request.user, permissions.RESOURCE_DRAFT_ROLES),
            "can_deliver": permissions.may(request.user, permissions.DELIVERY_ROLES),
            "sees_drafts": permissions.sees_drafts(request.user),
        },
    )


@role_required(*permissions.RESOURCE_DRAFT_ROLES)
def resource_create(request: HttpRequest) -> HttpResponse:
    form = ResourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        version = form_submit(
            form, services.resource_create, acting_user=request.user, request=request
        )
        if version is not None:
            return done(
                request,
                "Resource saved as a draft. An inspector must approve it.",
                "frontdoor_staff:resource_detail",
                version.resource_id,
            )
    return LIBRARY.page(
        request,
        "frontdoor/resource_form.html",
        "New resource",
        {"form": form},
        ("New", None),
    )


@role_required(*permissions.RESOURCE_VIEW_ROLES)
def resource_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resource = selectors.resource_get(user=request.user, pk=pk)
    if resource is None:
        raise Http404
    return LIBRARY.page(
        request,
        "frontdoor/resource_detail.html",
        resource.title,
        {
            "resource": resource,
            "current": resource.current_version,
            "versions": selectors.resource_versions(user=request.user, resource=resource),
            "can_draft": permissions.may(request.user, permissions.RESOURCE_DRAFT_ROLES),
            "can_approve": permissions.may(request.user, permissions.RESOURCE_APPROVE_ROLES),
        },
    )


@role_required(*permissions.RESOURCE_DRAFT_ROLES)
def version_create(request: HttpRequest, pk: int) -> HttpResponse:
    resource = selectors.resource_get(user=request.user, pk=pk)
    if resource is None:
        raise Http404
    current = resource.current_version or resource.versions.first()
    initial = (
        {
            "age_min": current.age_min,
            "age_max": current.age_max,
            "content": current.content,
            "link": current.link,
        }
        if current
        else {}
    )
    form = VersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = form_submit(
            form,
            services.resource_version_create,
            acting_user=request.user,
            resource=resource,
            request=request,
        )
        if saved is not None:
            return done(
                request,
                "New version saved as a draft.",
                "frontdoor_staff:resource_detail",
                resource.pk,
            )
    return LIBRARY.page(
        request,
        "frontdoor/resource_form.html",
        f"New version of {resource.title}",
        {"form": form, "resource": resource},
        (resource.title, reverse("frontdoor_staff:resource_detail", args=[resource.pk])),
        ("New version", None),
    )


@role_required(*permissions.RESOURCE_APPROVE_ROLES)
@require_POST
def version_approve(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(user=request.user, pk=pk)
    if version is None:
        raise Http404
    try:
        services.resource_approve(acting_user=request.user, version=version, request=request)
    except ValidationError as exc:
        messages.info(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Version {version.number} approved: schools now see it.")
    return redirect("frontdoor_staff:resource_detail", version.resource_id)


@role_required(*permissions.RESOURCE_VIEW_ROLES)
def delivery_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.deliveries(user=request.user)[:500]
    audit_record(
        user=request.user,
        action="search",
        record_type="frontdoor.ResourceDelivery",
        purpose="Listing resources delivered at schools",
        request=request,
    )
    return LIBRARY.page(
        request,
        "frontdoor/delivery_list.html",
        "Resources delivered",
        {
            "deliveries": rows,
            "can_deliver": permissions.may(request.user, permissions.DELIVERY_ROLES),
        },
        ("Delivered", None),
    )


@role_required(*permissions.DELIVERY_ROLES)
def delivery_create(request: HttpRequest) -> HttpResponse:
    form = DeliveryForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        delivery = form_submit(
            form, services.resource_delivery_record, acting_user=request.user, request=request
        )
        if delivery is not None:
            return done(request, "Delivery recorded.", "frontdoor_staff:delivery_list")
    return LIBRARY.page(
        request,
        "frontdoor/delivery_form.html",
        "Record a resource delivered",
        {"form": form},
        ("Record a delivery", None),
    )
