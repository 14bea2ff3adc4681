from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

admin.site.site_header = "SaferSchools administration"
admin.site.site_title = "SaferSchools"

api_patterns = [
    path("", include("saferschools.estate.api.urls")),
    path("", include("saferschools.accounts.api_urls")),
    path("allocation/", include("saferschools.allocation.api.urls")),
    path("rostering/", include("saferschools.rostering.api.urls")),
    path("casework/", include("saferschools.casework.api.urls")),
    path("engagement/", include("saferschools.engagement.api.urls")),
    path("oversight/", include("saferschools.oversight.api.urls")),
    path("frontdoor/", include("saferschools.frontdoor.api.urls")),
]

urlpatterns = [
    path("", include("saferschools.core.urls")),
    path("", include("saferschools.estate.urls")),
    path("accounts/", include("saferschools.accounts.urls")),
    path("audit/", include("saferschools.accounts.audit_urls")),
    path("people/", include("saferschools.people.urls")),
    path("oidc/", include("saferschools.people.oidc_urls")),
    path("plans/", include("saferschools.allocation.urls")),
    path("roster/", include("saferschools.rostering.urls")),
    path("casework/", include("saferschools.casework.urls")),
    path("engagement/", include("saferschools.engagement.urls")),
    path("oversight/", include("saferschools.oversight.urls")),
    path("find/", include("saferschools.frontdoor.urls")),
    path("encompass/", include("saferschools.encompass.urls")),
    path("resources/", include("saferschools.frontdoor.staff_urls")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/", include(api_patterns)),
]
