from django.urls import path

from security import views

urlpatterns = [
    path("sessie/verlengen/", views.session_extend, name="session_extend"),
]
