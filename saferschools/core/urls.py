from django.urls import path

from . import views
from .jobs import views as job_views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("inbox/", views.inbox, name="inbox"),
    path("jobs/", job_views.job_list, name="jobs"),
    path("jobs/<int:pk>/", job_views.job_detail, name="job"),
    path("jobs/<int:pk>/status.json", job_views.job_status, name="job-status"),
    path("jobs/<int:pk>/cancel", job_views.job_cancel, name="job-cancel"),
    path("jobs/<int:pk>/files/<str:name>", job_views.job_file, name="job-file"),
]
