from django.urls import path

from deadlines import views

app_name = "deadlines"

urlpatterns = [
    path("vandaag/", views.today_view, name="today"),
    path("vandaag/uitstellen/<int:pk>/", views.signal_postpone, name="signal_postpone"),
    path("signalen/", views.team, name="team"),
    path("signalen/lijst/", views.team_signals, name="team_signals"),
]
