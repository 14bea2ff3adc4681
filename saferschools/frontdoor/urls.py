"""Public pages at /find/ (no sign-in). Staff pages are in staff_urls.py, mounted at /resources/
(outside /find/, so the sign-in policy and two-factor apply to them)."""

from django.urls import path

from . import views

app_name = "frontdoor"
urlpatterns = [
    path("", views.find, name="find"),
    path("districts/", views.districts, name="districts"),
    path("what-schools-officers-do/", views.about, name="about"),
    path("privacy/", views.privacy, name="privacy"),
    path("school/<int:urn>/", views.school, name="school"),
    path("school/<int:urn>/ask/", views.ask, name="ask"),
    path("school/<int:urn>/ask/sent/", views.ask_sent, name="ask_sent"),
    path("school/<int:urn>/survey/", views.survey, name="survey"),
    path("school/<int:urn>/survey/thanks/", views.survey_thanks, name="survey_thanks"),
]
