from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

admin.site.site_header = "SaferSchools administration"
admin.site.site_title = "SaferSchools"

api_patterns = [
    path("", include("saferschools.estate.api.urls")),
]

urlpatterns = [
    path("", include("saferschools.core.urls")),
    path("", include("saferschools.estate.urls")),
    path("accounts/", include("saferschools.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/", include(api_patterns)),
]
