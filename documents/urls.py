from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("clienten/<int:pk>/nieuw/", views.document_create, name="document_create"),
    path("<int:pk>/download/", views.document_download, name="document_download"),
    path("<int:pk>/verwijderen/", views.document_delete, name="document_delete"),
]
