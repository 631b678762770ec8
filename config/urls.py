from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from organisations import views as organisation_views
from security.login import AdminLoginForm, LoginForm

admin.site.site_header = "Opstap — functioneel beheer"
admin.site.site_title = "Opstap beheer"
admin.site.index_title = "Beheer"
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("", organisation_views.home, name="home"),
    path("health/", organisation_views.health, name="health"),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("security.urls")),
    path("clienten/", include("clients.urls")),
    path("categorisatie/", include("categorisation.urls")),
    path("trajecten/", include("trajectories.urls")),
    path("plannen/", include("plans.urls")),
    path("documenten/", include("documents.urls")),
    path("brieven/", include("letters.urls")),
    path("agenda/", include("agenda.urls")),
    path("contact/", include("contacts.urls")),
    path("begroting/", include("budgets.urls")),
    path("rapportages/", include("reporting.urls")),
    path("goedkeuringen/", include("approvals.urls")),
    path("overdracht/", include("handover.urls")),
    path("maatregelen/", include("measures.urls")),
    path("", include("deadlines.urls")),
    path("geschiedenis/", include("history.urls")),
    path("admin/", admin.site.urls),
]

if settings.OPSTAP_OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("security.urls_oidc")))
