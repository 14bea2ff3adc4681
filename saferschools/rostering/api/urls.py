from rest_framework.routers import DefaultRouter

from .views import RosterShiftViewSet, RosterViewSet

router = DefaultRouter()
router.register("rosters", RosterViewSet, basename="roster")
router.register("shifts", RosterShiftViewSet, basename="roster-shift")
urlpatterns = router.urls
