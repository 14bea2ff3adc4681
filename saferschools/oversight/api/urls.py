from django.urls import path

from saferschools.oversight.urls import MonthConverter  # noqa: F401 (registers <month:>)

from . import views

urlpatterns = [
    path("report/<month:month>/", views.ReportView.as_view(), name="oversight-report"),
    path("public/<month:month>/", views.PublicReportView.as_view(), name="oversight-public-report"),
]
