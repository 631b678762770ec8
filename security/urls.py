from django.urls import path

from security import twofactor, views

urlpatterns = [
    path("sessie/verlengen/", views.session_extend, name="session_extend"),
    path("tweestapsverificatie/", twofactor.verify, name="twofactor_verify"),
    path("tweestapsverificatie/instellen/", twofactor.setup, name="twofactor_setup"),
]
