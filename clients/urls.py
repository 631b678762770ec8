from django.urls import path

from clients.views import actions, caseload, file, imports, timeline

app_name = "clients"

urlpatterns = [
    path("", caseload.client_list, name="client_list"),
    path("nieuw/", actions.client_create, name="client_create"),
    path("<int:pk>/", file.client_detail, name="client_detail"),
    path("<int:pk>/wijzigen/", actions.client_update, name="client_update"),
    path("<int:pk>/toewijzen/", actions.client_reassign, name="client_reassign"),
    path("<int:pk>/toegangslog/", file.client_accesslog, name="accesslog_list"),
    path("<int:pk>/tijdlijn/", timeline.client_timeline, name="client_timeline"),
    path("<int:pk>/avg-export/", file.client_export, name="client_export"),
    path("<int:pk>/uitkering/starten/", actions.benefit_start, name="benefitperiod_create"),
    path(
        "<int:pk>/uitkering/<int:period_pk>/beeindigen/",
        actions.benefit_end,
        name="benefitperiod_end",
    ),
    path("<int:pk>/contact/nieuw/", actions.note_create, name="contactnote_create"),
    path("<int:pk>/ontheffing/nieuw/", actions.ontheffing_create, name="ontheffing_create"),
    path("<int:pk>/intrekken/<int:entry_pk>/", actions.entry_withdraw, name="entry_withdraw"),
    path(
        "<int:pk>/ontheffing/<int:ontheffing_pk>/beeindigen/",
        actions.ontheffing_end,
        name="ontheffing_end",
    ),
    path("import/", imports.import_upload, name="import_upload"),
    path("import/<uuid:token>/", imports.import_confirm, name="import_confirm"),
    path("import/<uuid:token>/voortgang/", imports.import_status, name="import_status"),
]
