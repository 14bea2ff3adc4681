from django.urls import path

from . import views
from .jobs import views as job_views
from .messaging import views as message_views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read", views.inbox_read, name="inbox_read"),
    path("inbox/preferences/", message_views.preferences, name="preferences"),
    path("outbox/", message_views.outbox, name="outbox"),
    path("outbox/<int:pk>/", message_views.message_detail, name="message"),
    path("outbox/<int:pk>/retry", message_views.message_retry, name="message-retry"),
    path("jobs/", job_views.job_list, name="jobs"),
    path("jobs/<int:pk>/", job_views.job_detail, name="job"),
    path("jobs/<int:pk>/status.json", job_views.job_status, name="job-status"),
    path("jobs/<int:pk>/cancel", job_views.job_cancel, name="job-cancel"),
    path("jobs/<int:pk>/files/<str:name>", job_views.job_file, name="job-file"),
]
