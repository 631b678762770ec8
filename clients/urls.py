from django.urls import path

from clients import import_views, views

app_name = "clients"

urlpatterns = [
    path("", views.client_list, name="client_list"),
    path("nieuw/", views.client_create, name="client_create"),
    path("<int:pk>/", views.client_detail, name="client_detail"),
    path("<int:pk>/wijzigen/", views.client_update, name="client_update"),
    path("<int:pk>/toewijzen/", views.client_reassign, name="client_reassign"),
    path("<int:pk>/toegangslog/", views.client_accesslog, name="accesslog_list"),
    path("<int:pk>/avg-export/", views.client_export, name="client_export"),
    path("<int:pk>/uitkering/starten/", views.benefit_start, name="benefitperiod_create"),
    path(
        "<int:pk>/uitkering/<int:period_pk>/beeindigen/",
        views.benefit_end,
        name="benefitperiod_end",
    ),
    path("<int:pk>/contact/nieuw/", views.note_create, name="contactnote_create"),
    path("<int:pk>/ontheffing/nieuw/", views.ontheffing_create, name="ontheffing_create"),
    path(
        "<int:pk>/ontheffing/<int:ontheffing_pk>/beeindigen/",
        views.ontheffing_end,
        name="ontheffing_end",
    ),
    path("import/", import_views.import_upload, name="import_upload"),
    path("import/<uuid:token>/", import_views.import_confirm, name="import_confirm"),
    path("import/<uuid:token>/voortgang/", import_views.import_status, name="import_status"),
]
