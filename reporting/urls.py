from django.urls import path

from reporting import views

app_name = "reporting"

month = "<int:pk>/<int:year>/<int:month>"
urlpatterns = [
    path("", views.dashboard_index, name="dashboard_index"),
    path("<int:pk>/", views.dashboard, name="dashboard"),
    path("<int:pk>/aanvragen/", views.report_request, name="report_request"),
    path(f"{month}/", views.report_detail, name="report_detail"),
    path(f"{month}/status/", views.report_status, name="report_status"),
    path(f"{month}/csv/", views.report_csv, name="report_csv"),
    path(f"{month}/xlsx/", views.report_xlsx, name="report_xlsx"),
    path(f"{month}/clienten/", views.report_clients, name="report_clients"),
    path(f"{month}/clienten/csv/", views.report_clients_csv, name="report_clients_csv"),
    path(f"{month}/clienten/xlsx/", views.report_clients_xlsx, name="report_clients_xlsx"),
]
