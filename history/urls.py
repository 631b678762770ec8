from django.urls import path

from history import views

app_name = "history"

urlpatterns = [path("clienten/<int:pk>/", views.history_list, name="client_history")]
