from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("contacts", views.SchoolContactViewSet, basename="engagement-contact")
router.register("requests", views.SchoolRequestViewSet, basename="engagement-request")
router.register("sessions", views.SessionViewSet, basename="engagement-session")
router.register("activities", views.YouthActivityViewSet, basename="engagement-activity")
urlpatterns = router.urls
