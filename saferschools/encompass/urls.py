from django.urls import path

from . import views

app_name = "encompass"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.record, name="record"),
    path("figures/", views.figures, name="figures"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
]
