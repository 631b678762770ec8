from django.urls import path

from measures import views

app_name = "measures"

urlpatterns = [
    path("clienten/<int:pk>/nieuw/", views.maatregel_create, name="maatregel_create"),
    path("<int:pk>/", views.maatregel_detail, name="maatregel_detail"),
]
