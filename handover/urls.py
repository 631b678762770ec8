from django.urls import path

from handover import views

app_name = "handover"

urlpatterns = [
    path("", views.handover_create, name="handover_create"),
    path("vervanging/", views.vervanging_create, name="vervanging_create"),
]
