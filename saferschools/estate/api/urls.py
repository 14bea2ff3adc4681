from rest_framework.routers import DefaultRouter

from .views import DistrictViewSet, EstablishmentViewSet

router = DefaultRouter()
router.register("districts", DistrictViewSet, basename="district")
router.register("schools", EstablishmentViewSet, basename="school")
urlpatterns = router.urls
