from rest_framework.routers import DefaultRouter

from ..registry import KINDS
from . import views

router = DefaultRouter()
for _key, _kind in KINDS.items():
    router.register(_kind.slug, views.VIEWSETS[_key], basename=f"engagement-{_key}")
urlpatterns = router.urls
