from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("new/", views.person_create, name="person_create"),
    path("export.csv", views.person_export, name="person_export"),
    path("import/", views.person_import, name="person_import"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/officer/", views.person_link_officer, name="person_link_officer"),
    path("<int:pk>/school/", views.person_link_school, name="person_link_school"),
    path("<int:pk>/role/", views.person_role, name="person_role"),
    path("<int:pk>/action/", views.person_action, name="person_action"),
    path("moves/", views.movement_list, name="movement_list"),
    path("moves/new/<int:pk>/", views.movement_create, name="movement_create"),
    path("moves/<int:pk>/", views.movement_detail, name="movement_detail"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
