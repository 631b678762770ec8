from django.urls import path

from categorisation import views

app_name = "categorisation"

urlpatterns = [
    path("clienten/<int:pk>/beoordeling/nieuw/", views.assessment_create, name="assessment_create"),
    path("clienten/<int:pk>/ladder/nieuw/", views.ladderstep_create, name="ladderstep_create"),
    path("verdeling/", views.distribution_view, name="distribution"),
    path("verdeling/csv/", views.distribution_csv, name="distribution_csv"),
    path("verdeling/clienten/", views.distribution_clients, name="distribution_clients"),
]
