"""Staff pages of the front door, mounted at /resources/ (signed in; two-factor applies)."""

from django.urls import path

from . import staff_views as v

app_name = "frontdoor_staff"
urlpatterns = [
    path("", v.resource_list, name="resource_list"),
    path("new/", v.resource_create, name="resource_create"),
    path("<int:pk>/", v.resource_detail, name="resource_detail"),
    path("<int:pk>/versions/new/", v.version_create, name="version_create"),
    path("versions/<int:pk>/approve/", v.version_approve, name="version_approve"),
    path("delivered/", v.delivery_list, name="delivery_list"),
    path("delivered/new/", v.delivery_create, name="delivery_create"),
    path("young-peoples-voice/", v.survey_results, name="survey_results"),
]
