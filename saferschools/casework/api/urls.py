from django.urls import path
from rest_framework.routers import DefaultRouter

from ..registry import CHILD_KINDS
from . import views

router = DefaultRouter()
router.register("young-people", views.YoungPersonViewSet, basename="casework-young-person")
for _kind in CHILD_KINDS:
    router.register(_kind.slug, views.CHILD_VIEWSETS[_kind.key], basename=f"casework-{_kind.key}")
urlpatterns = [
    path(
        "pseudonymised-events/",
        views.PseudonymisedEventsView.as_view(),
        name="casework-pseudonymised-events",
    ),
    *router.urls,
]
