from django.urls import path

from . import views
from .registry import CHILD_KINDS

app_name = "casework"
urlpatterns = [
    path("", views.home, name="home"),
    path("young-people/", views.young_person_list, name="young_person_list"),
    path("young-people/new/", views.young_person_create, name="young_person_create"),
    path("young-people/<int:pk>/", views.young_person_detail, name="young_person_detail"),
    path("young-people/<int:pk>/edit/", views.young_person_edit, name="young_person_edit"),
    path("young-people/<int:pk>/chronology/", views.chronology, name="chronology"),
    path("young-people/<int:pk>/link/", views.young_person_link, name="young_person_link"),
    path(
        "young-people/<int:pk>/subject-access/",
        views.young_person_export,
        name="young_person_export",
    ),
    path("concerns/<int:pk>/close/", views.concern_close, name="concern_close"),
    path("incidents/<int:pk>/review/", views.incident_review, name="incident_review"),
]
for _kind in CHILD_KINDS:
    _key = _kind.key
    urlpatterns += [
        path(f"{_kind.slug}/", views.record_list, {"kind": _key}, name=f"{_key}_list"),
        path(f"{_kind.slug}/<int:pk>/", views.record_detail, {"kind": _key}, name=f"{_key}_detail"),
        path(
            f"{_kind.slug}/<int:pk>/edit/", views.record_edit, {"kind": _key}, name=f"{_key}_edit"
        ),
        path(
            f"{_kind.slug}/<int:pk>/delete/",
            views.record_delete,
            {"kind": _key},
            name=f"{_key}_delete",
        ),
        path(
            f"young-people/<int:pk>/{_kind.slug}/new/",
            views.record_create,
            {"kind": _key},
            name=f"{_key}_create",
        ),
    ]
