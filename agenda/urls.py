from django.urls import path

from agenda import views

app_name = "agenda"

urlpatterns = [
    path("", views.agenda_day, name="agenda_day"),
    path("week/", views.agenda_week, name="agenda_week"),
    path("koppeling/", views.calendar_link, name="calendar_link"),
    path("download.ics", views.agenda_download, name="agenda_download"),
    path("feed/<str:token>.ics", views.calendar_feed, name="feed"),
    path("clienten/<int:pk>/nieuw/", views.appointment_create, name="appointment_create"),
    path("<int:pk>/", views.appointment_detail, name="appointment_detail"),
    path("<int:pk>/uitkomst/", views.appointment_outcome, name="appointment_outcome"),
]
