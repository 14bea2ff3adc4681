from django.urls import path

from . import views
from .registry import KINDS

app_name = "engagement"
urlpatterns = [
    path("", views.home, name="home"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
]
for _key, _kind in KINDS.items():
    urlpatterns += [
        path(f"{_kind.slug}/", views.record_list, {"kind": _key}, name=f"{_key}_list"),
        path(f"{_kind.slug}/new/", views.record_create, {"kind": _key}, name=f"{_key}_create"),
        path(
            f"{_kind.slug}/<int:pk>/edit/", views.record_edit, {"kind": _key}, name=f"{_key}_edit"
        ),
    ]
