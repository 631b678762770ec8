"""The project's URLs with single sign-on switched on, as config/urls.py does when configured."""

from django.urls import include, path

from config.urls import urlpatterns as project_urls

urlpatterns = [*project_urls, path("oidc/", include("security.urls_oidc"))]
