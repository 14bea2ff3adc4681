from django.urls import path

from . import views

app_name = "rostering"
urlpatterns = [
    path("", views.home, name="home"),
    path("generate/", views.generate, name="generate"),
    path("calendar/", views.calendar, name="calendar"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/reroster/", views.reroster, name="reroster"),
    path("<int:pk>/roster.csv", views.roster_csv, name="csv"),
    path("<int:pk>/document.json", views.document, name="document"),
    path("officers/<str:collar_number>.ics", views.officer_ics, name="ics"),
]
