from django.urls import path

from . import request_views, views

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
    path("me/", request_views.my_roster, name="me"),
    path("me/feed/", request_views.feed_create, name="feed_create"),
    path("me/feed/revoke/", request_views.feed_revoke, name="feed_revoke"),
    path("feed/<str:token>.ics", request_views.feed, name="feed"),
    path("requests/", request_views.requests_list, name="requests"),
    path("requests/<int:pk>/decide/", request_views.request_decide, name="request_decide"),
    path("requests/<int:pk>/respond/", request_views.request_respond, name="request_respond"),
    path("requests/<int:pk>/withdraw/", request_views.request_withdraw, name="request_withdraw"),
    path("fairness/", request_views.fairness, name="fairness"),
]
