from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from saferschools.accounts.permissions import found_or_404
from saferschools.core.pages import HOME, done, section

from . import selectors
from .filters import EstablishmentFilterSet
from .models import Establishment
from .services import CONTACT_FIELDS, establishment_contacts_update

PAGE_SIZE = 25

SCHOOLS = section(("Schools", "estate:school_list"))


@login_required
def school_list(request: HttpRequest) -> HttpResponse:
    params = request.GET.copy()
    if "secondary_phase" not in params:
        params["secondary_phase"] = "true"
    filterset = EstablishmentFilterSet(
        params, queryset=selectors.establishment_list(user=request.user)
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return HOME.page(
        request, "estate/school_list.html", "Schools", {"filterset": filterset, "page_obj": page}
    )


def _school_or_404(request: HttpRequest, pk: int, action: str = "view") -> Establishment:
    """The school if it is in the user's scope; otherwise a 404, audited as a denied `action`."""
    school = selectors.establishment_get(user=request.user, pk=pk)
    return found_or_404(
        request, school, record_type="estate.Establishment", record_id=pk, action=action
    )


@login_required
def school_detail(request: HttpRequest, pk: int) -> HttpResponse:
    school = _school_or_404(request, pk)
    return SCHOOLS.page(
        request,
        "estate/school_detail.html",
        school.name,
        {"school": school, "deprivation": selectors.deprivation_for(school)},
    )


class ContactsForm(forms.ModelForm):
    class Meta:
        model = Establishment
        fields = list(CONTACT_FIELDS)
        labels = {
            "headteacher_name": "Headteacher's name",
            "contact_email": "School office e-mail address",
            "contact_phone": "School office phone number",
            "contact_address": "Postal address",
            "dsl_name": "Designated safeguarding lead's name",
            "dsl_email": "Safeguarding lead's e-mail address",
            "dsl_phone": "Safeguarding lead's phone number",
        }
        help_texts = {
            "contact_email": "Letters to the headteacher (a change of named officer, a "
            "redeployment) are sent here, whether or not anyone at the school has an account.",
        }
        widgets = {"contact_address": forms.Textarea(attrs={"rows": 4})}


@login_required
def school_contacts(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a school's contact details (the force, or the school itself)."""
    school = _school_or_404(request, pk, action="change")
    form = ContactsForm(request.POST or None, instance=Establishment.objects.get(pk=school.pk))
    if request.method == "POST" and form.is_valid():
        try:
            establishment_contacts_update(
                establishment=school,
                acting_user=request.user,
                request=request,
                **{k: form.cleaned_data[k] for k in ContactsForm.Meta.fields},
            )
        except PermissionDenied as exc:
            raise Http404(str(exc)) from exc
        return done(request, "Contact details saved.", "estate:school_detail", pk=school.pk)
    return SCHOOLS.page(
        request,
        "estate/school_contacts.html",
        f"Contact details: {school.name}",
        {"school": school, "form": form},
        (school.name, reverse("estate:school_detail", args=[school.pk])),
        ("Contact details", None),
    )
