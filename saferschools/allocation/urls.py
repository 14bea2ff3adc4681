from django.urls import path

from . import england_views, views

app_name = "allocation"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_create, name="plan_create"),
    path("severity/", views.severity, name="severity"),
    path("calibrate/", views.calibrate, name="calibrate"),
    path("england/", england_views.england_start, name="england"),
    path("england/<int:job_id>/", england_views.england_report, name="england_report"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/adopt/", views.plan_adopt, name="plan_adopt"),
    path("<int:pk>/document.json", views.plan_document, name="plan_document"),
    path("<int:pk>/scenarios/new/", views.scenario_create, name="scenario_create"),
    path("<int:pk>/scenarios/", views.scenario_compare, name="scenario_compare"),
    path("scenarios/<int:pk>/", views.scenario_detail, name="scenario_detail"),
    path("scenarios/<int:pk>/commit/", views.scenario_commit, name="scenario_commit"),
    path("scenarios/<int:pk>/letters/", views.scenario_letters, name="scenario_letters"),
]
