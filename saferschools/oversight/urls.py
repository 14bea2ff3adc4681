from django.urls import path, register_converter

from . import views


class MonthConverter:
    regex = r"\d{4}-\d{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return str(value)


register_converter(MonthConverter, "month")

app_name = "oversight"
urlpatterns = [
    path("", views.home, name="home"),
    path("indicators/<month:month>/", views.indicators, name="indicators"),
    path("fairness/", views.fairness, name="fairness"),
    path("disproportionality/<month:month>/", views.disproportionality, name="disproportionality"),
    path("stop-search/<month:month>/", views.stop_search, name="stop_search"),
    path("reviews/", views.reviews, name="reviews"),
    path("report/", views.report_latest, name="report_latest"),
    path("report/<month:month>/", views.report, name="report"),
    path("report/<month:month>/report.pdf", views.report_pdf_view, name="report_pdf"),
    path("report/<month:month>/report.csv", views.report_csv_view, name="report_csv"),
    path("report/<month:month>/job", views.report_job, name="report_job"),
    # The public report: no sign-in.
    path("public/", views.public_index, name="public_index"),
    path("public/<month:month>/", views.public_report, name="public_report"),
    path("public/<month:month>/report.pdf", views.public_report_pdf, name="public_report_pdf"),
    path("public/<month:month>/report.csv", views.public_report_csv, name="public_report_csv"),
]
