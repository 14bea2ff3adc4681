from rest_framework.routers import DefaultRouter

from .views import PlanViewSet, ScenarioViewSet

router = DefaultRouter()
router.register("plans", PlanViewSet, basename="allocation-plan")
router.register("scenarios", ScenarioViewSet, basename="allocation-scenario")
urlpatterns = router.urls
