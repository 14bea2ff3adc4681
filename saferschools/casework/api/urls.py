from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("young-people", views.YoungPersonViewSet, basename="casework-young-person")
router.register("concerns", views.ConcernViewSet, basename="casework-concern")
router.register("incidents", views.IncidentViewSet, basename="casework-incident")
router.register("searches", views.SearchViewSet, basename="casework-search")
router.register("interventions", views.InterventionViewSet, basename="casework-intervention")
router.register("referrals", views.ReferralViewSet, basename="casework-referral")
urlpatterns = [
    path(
        "pseudonymised-events/",
        views.PseudonymisedEventsView.as_view(),
        name="casework-pseudonymised-events",
    ),
    *router.urls,
]
