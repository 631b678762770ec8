"""The project's URLs with this app's, for tests that run before config/urls.py includes it."""

from django.urls import include, path

from config.urls import urlpatterns as project_urls

urlpatterns = list(project_urls)
if not any(getattr(p, "namespace", None) == "plans" for p in urlpatterns):
    urlpatterns.append(path("plannen/", include("plans.urls")))
