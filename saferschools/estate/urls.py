from django.urls import path

from . import map_views, views

app_name = "estate"
urlpatterns = [
    path("schools/", views.school_list, name="school_list"),
    path("schools/<int:pk>/", views.school_detail, name="school_detail"),
    path("schools/<int:pk>/contacts/", views.school_contacts, name="school_contacts"),
    path("maps/", map_views.map_force, name="map_force"),
    path("maps/england/", map_views.map_england, name="map_england"),
    path("maps/district/<str:code>/", map_views.map_district, name="map_district"),
]
