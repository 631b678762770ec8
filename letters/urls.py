from django.urls import path

from letters import views

app_name = "letters"

urlpatterns = [
    path("clienten/<int:pk>/nieuw/", views.letter_create, name="letter_create"),
]
