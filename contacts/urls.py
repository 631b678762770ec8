from django.urls import path

from contacts import views

app_name = "contacts"

urlpatterns = [
    path("clienten/<int:pk>/nieuw/", views.details_create, name="details_create"),
    path("clienten/<int:pk>/eerder/", views.details_history, name="details_history"),
    path("clienten/<int:pk>/personen/nieuw/", views.person_create, name="person_create"),
    path("personen/<int:pk>/beeindigen/", views.person_end, name="person_end"),
]
