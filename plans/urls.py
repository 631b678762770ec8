from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("clienten/<int:pk>/", views.plan_list, name="plan_list"),
    path("clienten/<int:pk>/nieuw/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/afdrukken/", views.plan_print, name="plan_print"),
    path("<int:pk>/vaststellen/", views.plan_finalise, name="plan_finalise"),
    path("<int:pk>/doelen/nieuw/", views.goal_create, name="goal_create"),
    path(
        "<int:pk>/doelen/<int:goal_pk>/trajecten/",
        views.goal_trajectories,
        name="goal_trajectories",
    ),
    path("<int:pk>/acties/nieuw/", views.action_create, name="action_create"),
    path("<int:pk>/acties/<int:action_pk>/afvinken/", views.action_done, name="action_done"),
]
