from django.urls import path

from approvals import views

app_name = "approvals"

urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("<int:pk>/", views.request_decide, name="request_decide"),
]
