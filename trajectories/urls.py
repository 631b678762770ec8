from django.urls import path

from trajectories import views

app_name = "trajectories"

urlpatterns = [
    path("", views.trajectory_mine, name="trajectory_mine"),
    path("clienten/<int:pk>/nieuw/", views.trajectory_create, name="trajectory_create"),
    path("<int:pk>/", views.trajectory_detail, name="trajectory_detail"),
    path("<int:pk>/starten/", views.trajectory_start, name="trajectory_start"),
    path("<int:pk>/beeindigen/", views.trajectory_end, name="trajectory_end"),
    path("<int:pk>/intrekken/", views.trajectory_cancel, name="trajectory_cancel"),
    path("<int:pk>/verlengen/", views.trajectory_extend, name="trajectory_extend"),
    path("<int:pk>/premies/bijwerken/", views.premiums_record, name="premium_record"),
    path("<int:pk>/premies/<int:premium_pk>/betalen/", views.premium_pay, name="premium_pay"),
    path("aanbieders/", views.provider_list, name="provider_list"),
    path("aanbieders/<int:pk>/", views.provider_trajectories, name="provider_trajectories"),
    path("capaciteit/", views.capacity, name="capacity"),
]
