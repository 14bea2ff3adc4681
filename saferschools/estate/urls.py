from django.urls import path

from . import views

app_name = "estate"
urlpatterns = [
    path("schools/", views.school_list, name="school_list"),
    path("schools/<int:pk>/", views.school_detail, name="school_detail"),
    path("schools/<int:pk>/contacts/", views.school_contacts, name="school_contacts"),
]
